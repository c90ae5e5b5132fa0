from . import attendance, main, waitlist
