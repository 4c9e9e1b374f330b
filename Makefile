# The two commands: `make run` and `make test`. Both set up what is missing first.
.DEFAULT_GOAL := help
export RASA_TELEMETRY_ENABLED := false
export SQLALCHEMY_SILENCE_UBER_WARNING := 1

RASA := .venv-rasa/bin/rasa
PYTHON := .venv/bin/python
RASA_DATA := --domain bot/domain --data data --config config.yml

.PHONY: help setup run run-scaled test lint validate stories unit integration nlu-report nlu-eval crisis-report \
	benchmark benchmark-nlu benchmark-load demo-data benchmark-analytics clean

help:
	@echo "make run         set up, then start the whole assistant and print where to open it"
	@echo "make run-scaled  the same with REPLICAS engines and ACTION_SERVERS action servers behind"
	@echo "                 HAProxy, conversations in Redis (README, \"Running at scale\")"
	@echo "make test        set up, then lint, validate the Rasa data and run every test"
	@echo "make stories     run the test stories (tests/stories/) through the dialogue model"
	@echo "make nlu-report  cross-validate the NLU model and write the per-intent report"
	@echo "make nlu-eval    route the blind set through /api/chat and write docs/nlu-report.md"
	@echo "make crisis-report  the blind crisis set through /api/chat: recall and false alarms"
	@echo "                 (DEV=1: the development set; LAYERS=1: the gateway's layers alone)"
	@echo "make benchmark   measure the chat gateway's latency against Rasa's own webhook"
	@echo "make demo-data   add a year of made-up demand to the local database, for demos"
	@echo "make benchmark-load  the scaled stack under load: 1 engine replica against 2"
	@echo "                 (SOAK=10000: memory and errors over 10,000 messages)"
	@echo "make benchmark-analytics  time the dashboard against a bare GROUP BY (1,000,000 events)"

setup:
	@scripts/setup.sh

run: setup
	@$(PYTHON) -m launcher run --demo

REPLICAS ?= 2
ACTION_SERVERS ?= 2
API_WORKERS ?= 2

run-scaled: setup
	@$(PYTHON) -m launcher run --demo --replicas $(REPLICAS) --action-servers $(ACTION_SERVERS) \
		--api-workers $(API_WORKERS)

# The blind routing figures run last, on the real stack, with a floor that
# catches regressions (the goal in docs/nlu-report.md is higher).
test: setup lint validate stories
	$(PYTHON) -m pytest
	$(PYTHON) -m evaluation nlu --floor $(NLU_FLOOR)

lint:
	$(PYTHON) -m ruff check .
	$(PYTHON) -m ruff format --check .

# Rasa 3.6 does not fail on some of its own warnings (an unused response, for
# one) even with --fail-on-warnings, so any warning it prints fails here. The
# one exception: a form asks for each slot with its `utter_ask_<slot>` response,
# by name, which the validator does not follow and reports as unused.
validate:
	@mkdir -p var
	@$(RASA) data validate $(RASA_DATA) --fail-on-warnings > var/validate.log 2>&1 \
		|| { cat var/validate.log; exit 1; }
	@if grep "rasa/shared/utils/io.py.*UserWarning" var/validate.log \
		| grep -v "The utterance 'utter_ask_[a-z_]*' is not used in any story or rule"; then \
		echo "rasa data validate printed warnings"; exit 1; fi
	@echo "rasa data validate: no errors and no warnings"

# The dialogue: every test story (tests/stories/) must get exactly its actions.
stories: setup
	$(PYTHON) -m launcher stories

unit: setup
	$(PYTHON) -m pytest tests/unit

integration: setup
	$(PYTHON) -m pytest tests/integration

# Three-fold cross-validation: trains three models, so it takes several minutes.
nlu-report: setup
	$(RASA) test nlu --nlu data/nlu --config config.yml --cross-validation --folds 3 \
		--out reports/nlu
	$(PYTHON) -m benchmarks.nlu_summary reports/nlu

NLU_FLOOR ?= 0.85

nlu-eval: setup
	$(PYTHON) -m evaluation nlu --write docs/nlu-report.md

# The blind set's figures go to docs/; a development or layers-alone run to reports/.
crisis-report: setup
	$(PYTHON) -m evaluation crisis $(if $(DEV),--dev) $(if $(LAYERS),--detector-only) \
		--write $(if $(DEV)$(LAYERS),reports/crisis-report.md,docs/crisis-report.md)

benchmark-nlu: setup
	$(PYTHON) -m benchmarks.nlu_latency --messages 1000

benchmark: setup
	$(PYTHON) -m benchmarks.chat_latency

# The scaled stack under residents' load, 1 engine replica against 2 (SOAK=10000 for the soak).
SOAK ?= 0
benchmark-load: setup
	$(PYTHON) -m benchmarks.load --soak $(SOAK)

benchmark-analytics: setup
	$(PYTHON) -m benchmarks.analytics

demo-data: setup
	$(PYTHON) -m demand synthesise

clean:
	rm -rf .venv .venv-rasa models var reports .pytest_cache .ruff_cache
