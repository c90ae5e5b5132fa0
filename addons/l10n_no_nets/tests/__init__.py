from . import test_nets_import
