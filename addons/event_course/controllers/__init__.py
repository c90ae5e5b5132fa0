from . import attendance
