def migrate(cr, version):
    """Deduction runs no longer bill a whole month under one source key: each employer's
    month is billed once (a list's invoice cancelled, a new run of the month invoices it
    again). The keys stored by 18.0.1.0.0 would still refuse that run."""
    cr.execute("UPDATE account_billing_run SET source_key = NULL WHERE source = 'deduction'")
