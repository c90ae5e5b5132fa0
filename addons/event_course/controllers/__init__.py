from . import attendance, waitlist
