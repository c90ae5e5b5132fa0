from . import attendance, main, survey, waitlist
