from . import test_kid, test_nets_import
