from . import test_bgmax_import
