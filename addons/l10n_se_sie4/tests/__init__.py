from . import test_sie4
