"""How long an amount estimate takes on the shared tax-benefit system, and without it.

Times, interleaved so all paths see the same machine load, for the same household:

- warm: ``estimate_monthly`` once ``warm_up`` has built the system (what a request pays);
- cold: ``policyengine_uk.Simulation``, which builds a fresh tax-benefit system each time;
- rebuilt: a fresh ``CountryTaxBenefitSystem`` with the same core simulation as warm.

Prints the median of each, the warm/cold ratio and whether the warm path is under 0.5 s.
Needs the ``estimates`` extra.

    .venv/bin/python -m benchmarks.entitlements [--rounds 7]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from knowledge.entitlements import estimates
from knowledge.entitlements.household import Household

HOUSEHOLD = Household(
    age=30,
    partner=False,
    children_ages=(4, 7),
    housing="private_rent",
    rent_monthly=500,
    take_home_pay_monthly=800,
    savings=0,
)
TARGET_SECONDS = 0.5


def monthly(sim, ids) -> dict[str, float]:
    """The same rounding as estimate_monthly, for the ids it returned."""
    year = str(estimates.ESTIMATE_YEAR)
    return {i: estimates.round_monthly(float(sim.calculate(i, year).sum()) / 12) for i in ids}


def cold(ids) -> dict[str, float]:
    from policyengine_uk import Simulation

    return monthly(Simulation(situation=estimates.build_situation(HOUSEHOLD)), ids)


def rebuilt(ids) -> dict[str, float]:
    from policyengine_core.simulations import Simulation
    from policyengine_uk import CountryTaxBenefitSystem

    system = CountryTaxBenefitSystem()
    return monthly(
        Simulation(tax_benefit_system=system, situation=estimates.build_situation(HOUSEHOLD)), ids
    )


def timed(run: Callable[[], dict[str, float]]) -> tuple[float, dict[str, float]]:
    start = time.perf_counter()
    result = run()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7, help="estimates per path")
    rounds = parser.parse_args().rounds
    start = time.perf_counter()
    estimates.warm_up()
    print(f"warm_up (import and build, once per process): {time.perf_counter() - start:.2f} s")
    expected = estimates.estimate_monthly(HOUSEHOLD)
    paths = {
        "warm": lambda: estimates.estimate_monthly(HOUSEHOLD),
        "cold": lambda: cold(expected),
        "rebuilt": lambda: rebuilt(expected),
    }
    samples: dict[str, list[float]] = {name: [] for name in paths}
    agree = True
    for _ in range(rounds):
        for name, run in paths.items():
            seconds, result = timed(run)
            samples[name].append(seconds)
            agree &= result == expected
    print(f"{rounds} estimates per path; amounts {expected} (£ a month)")
    print(f"{'path':<10}{'median s':>10}{'min s':>10}{'max s':>10}")
    for name, values in samples.items():
        print(
            f"{name:<10}{statistics.median(values):>10.3f}{min(values):>10.3f}{max(values):>10.3f}"
        )
    warm, cold_median = statistics.median(samples["warm"]), statistics.median(samples["cold"])
    print(f"ratio warm/cold {warm / cold_median:.3f}")
    verdict = "under" if warm < TARGET_SECONDS else "NOT under"
    print(f"warm path {verdict} {TARGET_SECONDS} s; same amounts on every path: {agree}")


if __name__ == "__main__":
    main()
