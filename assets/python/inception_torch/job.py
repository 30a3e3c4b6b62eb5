"""Reads a job file (`pytorch/job.json`): the host resolved every value, so a missing key is an error, not a default.

The file is checked against `job.schema.json`, generated from the TypeScript contract (src/contract/torchJob.ts);
a job from a newer Inception Studio than this runner is refused before anything else is read.
"""
import json
import os

from .json_schema import SchemaMismatch, check, unknown_keywords

FORMAT = "inception-studio.torch-job"
SCHEMA_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "job.schema.json")


class JobError(ValueError):
    """A job file this runner cannot run; the message says what was expected, what was found, and where."""


def job_schema():
    with open(SCHEMA_FILE, encoding="utf-8") as f:
        schema = json.load(f)
    unknown = unknown_keywords(schema)
    if unknown:
        raise JobError(f"{SCHEMA_FILE} uses JSON Schema keywords the runner does not check: {', '.join(unknown)}")
    return schema


def check_job(job, path, schema=None):
    """Raises JobError unless `job` is a job file of the version this runner reads, every value there."""
    schema = schema or job_schema()
    if not isinstance(job, dict) or job.get("format") != FORMAT:
        raise JobError(f"{path} is not an Inception Studio job file (format {FORMAT} expected)")
    known = schema["properties"]["version"]["const"]
    version = job.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > known:
        raise JobError(f"{path} was written by a newer Inception Studio (job version {version}); this runner reads "
                       f"version {known}: run the runner that came with that version, or write the job again with this one")
    try:
        check(job, schema)
    except SchemaMismatch as mismatch:
        raise JobError(f"{path}: {mismatch}") from None


def read_job(path):
    """The checked job with its paths made absolute (relative ones are relative to the job file)."""
    with open(path, encoding="utf-8") as f:
        job = json.load(f)
    check_job(job, path)
    base = os.path.dirname(os.path.abspath(path))

    def resolve(value):
        return value if value is None or os.path.isabs(value) else os.path.normpath(os.path.join(base, value))

    job["runDir"] = resolve(job["runDir"])
    job["net"] = resolve(job["net"])
    job["graph"] = resolve(job["graph"])
    job["split"] = resolve(job["split"])
    if job["init"] is not None:
        job["init"] = {key: resolve(value) for key, value in job["init"].items()}
    data = job["config"]["data"]
    data["dir"] = resolve(data["dir"])
    data["valDir"] = resolve(data["valDir"])
    return job
