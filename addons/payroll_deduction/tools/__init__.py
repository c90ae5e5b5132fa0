from . import money, spreadsheet
