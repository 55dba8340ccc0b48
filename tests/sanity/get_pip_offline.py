"""Offline stand-in for the get-pip.py bootstrap script that ansible-test downloads.

ansible-test (``_util/target/setup/requirements.py``, function ``bootstrap``) bootstraps pip into the
empty virtual environments it creates (``python -m venv --without-pip``) by running the script cached at
``~/.ansible/test/cache/get_pip_<pip version with dots as underscores>.py``; only when that file is missing
does it download get-pip.py from a host that is not reachable here. ``tests/sanity/run.sh`` copies this file
to that cache path.

ansible-test runs it through its ``quiet_pip.py`` wrapper (``runpy`` with ``run_name='__main__'``) with the
same arguments get-pip.py takes, for example::

    --disable-pip-version-check pip==24.2 --no-setuptools --no-wheel

This stand-in installs the pip wheel bundled with the interpreter (``python -m ensurepip``), then lets that
pip install the requested packages (the wanted pip version) from the package index, as get-pip.py would.
"""

from __future__ import annotations

import os
import subprocess
import sys


def main() -> None:
    """Install pip with ensurepip, then the requested packages with pip."""
    args = sys.argv[1:]
    want_setuptools = '--no-setuptools' not in args
    want_wheel = '--no-wheel' not in args
    pip_args = [arg for arg in args if arg not in ('--no-setuptools', '--no-wheel')]

    env = os.environ.copy()
    # ensurepip must not pick up pip options that ansible-test or the user set for the final install.
    for name in ('PIP_REQUIRE_VIRTUALENV', 'PIP_TARGET', 'PIP_PREFIX', 'PIP_USER'):
        env.pop(name, None)

    subprocess.run([sys.executable, '-m', 'ensurepip', '--upgrade', '--default-pip'], check=True, env=env,
                   stdout=subprocess.DEVNULL)

    packages = [arg for arg in pip_args if not arg.startswith('-')]

    if packages:
        subprocess.run([sys.executable, '-m', 'pip', 'install'] + pip_args, check=True, env=env)

    # ensurepip on Python < 3.12 also installs setuptools; get-pip.py with --no-setuptools would not have.
    remove = []

    if not want_setuptools:
        remove.append('setuptools')

    if not want_wheel:
        remove.append('wheel')

    installed = subprocess.run([sys.executable, '-m', 'pip', 'list', '--format=freeze', '--disable-pip-version-check'],
                               check=True, env=env, stdout=subprocess.PIPE, text=True).stdout
    installed_names = {line.split('==')[0].lower() for line in installed.splitlines()}
    remove = [name for name in remove if name in installed_names and not any(p.lower().startswith(name) for p in packages)]

    if remove:
        subprocess.run([sys.executable, '-m', 'pip', 'uninstall', '-y', '--disable-pip-version-check'] + remove,
                       check=True, env=env, stdout=subprocess.DEVNULL)


if __name__ == '__main__':
    main()
