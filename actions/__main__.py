"""Start the action server with personal data scrubbed from every log line.

`python -m actions --actions actions --port 5055` takes rasa_sdk's own
arguments. Scrubbing is installed when this module is imported, not only when
it runs: Sanic's workers are spawned processes that import it afresh.
"""

from rasa_sdk.__main__ import main

from privacy.log_scrubbing import install_log_scrubbing

install_log_scrubbing()

if __name__ == "__main__":
    main()
