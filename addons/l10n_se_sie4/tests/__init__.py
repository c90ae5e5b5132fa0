from . import test_sie4, test_sie4_branches, test_tours
