"""extensions/awx: the execution environment builds a context with the collection and its Python dependencies,
the credential type injects exactly the variables the modules read, and the job templates point at playbooks."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from ansible_collections.cxops.genesys_cloud.plugins.module_utils._module import AUTH_ARGUMENT_SPEC
from ansible_collections.cxops.genesys_cloud.plugins.module_utils._regions import REGIONS, resolve_base_urls
from e2e.awx_env import AWX_DIR, ROOT, awx_validation_errors, injected_env, load_credential_type, load_job_templates

BIN = Path(sys.executable).parent
EE_FILE = AWX_DIR / "execution-environment.yml"
SAMPLE_INPUTS = {
    "client_id": "awx-client", "client_secret": "awx-secret", "region": "eu-west-1",
    "api_base_url": "https://proxy.example/eu", "login_base_url": "https://login-proxy.example/eu",
}
SURVEY_TYPES = {"text", "textarea", "password", "integer", "float", "multiplechoice", "multiselect"}


def run(*command: str, cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def clean_env(home: Path) -> dict[str, str]:
    """No ansible.cfg of this checkout (its collections path shows the collection as installed already)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANSIBLE_", "GENESYSCLOUD_"))}
    return {**env, "HOME": str(home), "PATH": f"{BIN}{os.pathsep}{env.get('PATH', '')}"}


def ee_checkout(tmp_path: Path) -> Path:
    """The layout the EE file expects, as README.md makes it: the EE file, the collection's requirements.txt two
    levels up, and a freshly built tarball under collections/ (kept out of the real checkout)."""
    tree = tmp_path / "checkout"
    awx = tree / "extensions" / "awx"
    (awx / "collections").mkdir(parents=True)
    shutil.copy(EE_FILE, awx)
    shutil.copy(ROOT / "requirements.txt", tree)
    run(str(BIN / "ansible-galaxy"), "collection", "build", "--output-path", str(tmp_path / "dist"), str(ROOT),
        cwd=tmp_path, env=clean_env(tmp_path))
    (tarball,) = (tmp_path / "dist").glob("cxops-genesys_cloud-*.tar.gz")
    shutil.copy(tarball, awx / "collections" / "cxops-genesys_cloud.tar.gz")
    return tree


def test_ansible_builder_create_makes_a_context_with_the_collection_and_its_python_deps(tmp_path):
    tree = ee_checkout(tmp_path)
    context = tmp_path / "context"
    run(str(BIN / "ansible-builder"), "create", "-f", "extensions/awx/execution-environment.yml", "-c", str(context),
        "--output-filename", "Containerfile", cwd=tree, env=clean_env(tmp_path))

    containerfile = (context / "Containerfile").read_text()
    assert "ansible-galaxy collection install" in containerfile and "-r requirements.yml" in containerfile
    assert re.search(r"ANSIBLE_INSTALL_REFS=\"ansible-core[^\"]*ansible-runner", containerfile)
    build = context / "_build"
    galaxy = yaml.safe_load((build / "requirements.yml").read_text())
    assert galaxy["collections"] == [{"name": "collections/cxops-genesys_cloud.tar.gz", "type": "file"}]
    assert (build / "collections" / "cxops-genesys_cloud.tar.gz").is_file()
    python = (build / "requirements.txt").read_text()
    assert "requests" in python and "jmespath" in python

    # Replay the image's galaxy and builder stages in place (no container runtime): the requirements file
    # installs the tarball from the build directory, and introspection finds the collection's own Python
    # dependencies through its meta/execution-environment.yml.
    installed = tmp_path / "share" / "collections"
    run(str(BIN / "ansible-galaxy"), "collection", "install", "-r", "requirements.yml", "--collections-path",
        str(installed), cwd=build, env=clean_env(tmp_path))
    assert (installed / "ansible_collections" / "cxops" / "genesys_cloud" / "plugins" / "modules" / "site.py").is_file()
    introspected = run(sys.executable, "scripts/introspect.py", "introspect", str(installed), "--user-pip=requirements.txt",
                       cwd=build, env=clean_env(tmp_path))
    for package in ("requests", "jmespath"):
        assert re.search(rf"{package}\S*\s+# from collection cxops\.genesys_cloud", introspected), introspected


def test_collection_metadata_declares_the_same_python_requirements_as_the_ee():
    meta = yaml.safe_load((ROOT / "meta" / "execution-environment.yml").read_text())
    assert (ROOT / meta["dependencies"]["python"]).resolve() == (ROOT / "requirements.txt").resolve()
    ee = yaml.safe_load(EE_FILE.read_text())
    assert ee["version"] == 3 and ee["images"]["base_image"]["name"]
    assert (AWX_DIR / ee["dependencies"]["python"]).resolve() == (ROOT / "requirements.txt").resolve()


def test_credential_type_is_one_awx_accepts():
    credential_type = load_credential_type()
    assert not awx_validation_errors(credential_type)
    fields = {field["id"]: field for field in credential_type["inputs"]["fields"]}
    assert fields["client_secret"].get("secret") is True
    assert not any(field.get("secret") for name, field in fields.items() if name != "client_secret")
    assert sorted(fields["region"]["choices"]) == sorted(REGIONS)
    assert set(credential_type["inputs"]["required"]) == {"client_id", "client_secret", "region"}


def test_credential_type_injects_exactly_the_variables_the_modules_read():
    credential_type = load_credential_type()
    fields = [field["id"] for field in credential_type["inputs"]["fields"]]
    # Each input is the module option of the same name; AWX must set the variable that option falls back to.
    wanted = {AUTH_ARGUMENT_SPEC[name]["fallback"][1][0]: value for name, value in SAMPLE_INPUTS.items()}
    assert set(fields) == set(SAMPLE_INPUTS)
    assert injected_env(credential_type, SAMPLE_INPUTS) == wanted
    assert not credential_type["injectors"].get("extra_vars"), "secrets in extra vars would show in the job's vars"


def test_optional_urls_left_empty_fall_back_to_the_region():
    credential_type = load_credential_type()
    inputs = {"client_id": "awx-client", "client_secret": "awx-secret", "region": "eu-west-1"}
    env = injected_env(credential_type, inputs)
    # AWX still sets the variables of empty optional inputs, to "": the client must read that as unset.
    assert env["GENESYSCLOUD_API_BASE_URL"] == env["GENESYSCLOUD_LOGIN_BASE_URL"] == ""
    urls = resolve_base_urls(env["GENESYSCLOUD_REGION"], env["GENESYSCLOUD_API_BASE_URL"], env["GENESYSCLOUD_LOGIN_BASE_URL"])
    assert urls == ("https://api.mypurecloud.ie", "https://login.mypurecloud.ie")


def test_job_templates_run_playbooks_that_exist():
    templates = load_job_templates()
    assert {t["playbook"] for t in templates} >= {"playbooks/site_rollout.yml", "playbooks/audit.yml"}
    missing = [t["playbook"] for t in templates if not (ROOT / t["playbook"]).is_file()]
    assert not missing, f"job templates name playbooks that are not in the collection: {missing}"


def survey_errors(spec: dict) -> list[str]:
    """Mistakes AWX would refuse in a survey_spec, or that would make a question useless."""
    errors = [] if spec.get("name") is not None and spec.get("description") is not None else ["name/description"]
    variables = [q["variable"] for q in spec["spec"]]
    errors += [f"duplicate variable {v}" for v in set(variables) if variables.count(v) > 1]
    for question in spec["spec"]:
        label = question.get("variable", "?")
        errors += [f"{label}: no {key}" for key in ("question_name", "variable", "type", "required") if key not in question]
        if question.get("type") not in SURVEY_TYPES:
            errors.append(f"{label}: type {question.get('type')!r}")
        if question.get("type") == "multiplechoice" and question.get("default") not in question.get("choices", []):
            errors.append(f"{label}: default {question.get('default')!r} is not a choice")
        if question.get("type") == "integer" and not question.get("min", 0) <= question["default"] <= question.get("max", 1 << 31):
            errors.append(f"{label}: default {question['default']} out of range")
    return errors


def test_surveys_are_valid_survey_specs():
    for template in load_job_templates():
        assert template["survey_enabled"] is ("survey_spec" in template), template["name"]
        if template["survey_enabled"]:
            assert not survey_errors(template["survey_spec"]), template["name"]


def test_survey_variables_are_read_by_the_playbooks():
    """A survey answer the playbook never reads is silently ignored: every variable must occur in the
    template's playbook or in the roles it can use."""
    roles = [p.read_text() for p in ROOT.glob("roles/**/*.yml")]
    unread = [f"{template['playbook']}: {question['variable']}"
              for template in load_job_templates() for question in template.get("survey_spec", {}).get("spec", [])
              if not any(re.search(rf"\b{question['variable']}\b", text)
                         for text in [(ROOT / template["playbook"]).read_text(), *roles])]
    assert not unread, f"survey variables no playbook or role reads: {unread}"
