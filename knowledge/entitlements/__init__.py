"""The entitlements check: a ruleset per tax year, the rules, and optional estimates."""

# The check is offered with the answers to this priority's needs (money), and
# only they lead to a finished check.
CHECK_PRIORITY = "reduce_poverty"
