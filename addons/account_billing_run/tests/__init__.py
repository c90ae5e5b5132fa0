from . import test_billing_invoices
