"""The entitlements check: a ruleset per tax year, the rules, and optional estimates."""

# The check is offered with the answers to this priority's needs (money), and
# only they lead to a finished check.
CHECK_PRIORITY = "reduce_poverty"

# Typed alone, each stops the check ("cancel"); actions/check_answers.py also knows a few
# phrases ("forget it"). The crisis layers read a bare one as a command, not news.
STOP_WORDS = ("stop", "cancel", "quit", "exit", "end")
