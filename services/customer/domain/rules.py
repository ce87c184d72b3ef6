class CustomerRuleViolation(ValueError):
    """A customer record, order, payment or review that breaks a Customer rule; the reason
    goes to quarantine."""
