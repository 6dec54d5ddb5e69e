"""A real Moodle 4.5.6 on loopback for the integration tests, stood up as ../shared/moodle/README.md says.

The tree is unpacked into a temporary folder; PostgreSQL runs a cluster of its own there (initdb/pg_ctl,
as the ``postgres`` system user when the tests run as root, since PostgreSQL refuses to run as root), PHP 8.2
serves it with its built-in server on 127.0.0.1 (free ports). Moodle's CLI installer runs once, then
``site_setup.php`` does the platform administrator's set-up of the README (web services, REST, the service
and its nine functions, a dedicated account with a role, the authorised user, the tokens). The database is
then kept as a template and the dataroot as a copy: ``reset()`` puts both back in a second or two.

With ``ELEA_TEST_MOODLE_DIR`` set, the site is installed there and kept after the session: the next
session starts its servers again instead of installing (a developer's quick loop).
"""

from __future__ import annotations

import contextlib
import glob
import json
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from elea_desktop.platform.api import FUNCTIONS

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SHARED = REPO / ".." / "shared" / "moodle"
TARBALL = SHARED / "moodle-4.5.6.tar.xz"
PHP_MODULES = ("pgsql", "xml", "mbstring", "curl", "zip", "gd", "intl", "soap")
DB, SNAPSHOT, DB_USER, DB_PASS = "moodle", "snapshot", "moodle", "moodle-test"  # noqa: S105 (loopback)
ADMIN_PASS = "Admin#Test1"  # noqa: S105 (a throwaway loopback site)


def readme_capabilities() -> tuple[str, ...]:
    """README « Plateforme Éléa », step 5: the set-up is the documented one, so the tests check the README."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    step = text[text.index("5. **Un compte pour le jeton**") : text.index("6. **Utilisateurs autorisés**")]
    return tuple(dict.fromkeys(re.findall(r"`([a-z]+/[a-z_]+:[a-z_]+)`", step)))


SERVICE, PARTIAL, CHECKER = "eleadesktop", "eleadesktop_partial", "tests_checker"
WITHOUT = "core_cohort_delete_cohort_members"  # the function the partial token lacks
CHECK_FUNCTIONS = (
    "core_user_get_users_by_field", "core_cohort_search_cohorts", "core_cohort_get_cohort_members",
)  # fmt: skip
STATE = "site.json"


class SiteUnavailable(Exception):
    """What is missing to stand the site up (the tests skip with this reason, or fail in CI)."""


def missing_requirements() -> str | None:
    if os.name == "nt":
        return "le Moodle réel ne tourne que sous Linux (PostgreSQL et PHP des paquets Debian)"
    if not TARBALL.is_file():
        return f"{TARBALL} absent : pas de Moodle réel à installer"
    if shutil.which("php") is None:
        return "php introuvable (paquets php8.2-cli … de ../shared/moodle/README.md)"
    if pg_bin("initdb") is None:
        return "PostgreSQL introuvable (paquet postgresql)"
    modules = subprocess.run(["php", "-m"], capture_output=True, text=True, check=False).stdout.lower()
    absent = [m for m in PHP_MODULES if m not in modules.split()]
    if absent:
        return "modules PHP absents : " + ", ".join(absent)
    if os.geteuid() == 0:
        import pwd  # POSIX only, like the rest of this module

        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "exécuté en root sans utilisateur système « postgres » pour PostgreSQL"
    return None


def pg_bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(p.split("/")[4]))
    return found[-1] if found else shutil.which(name)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class MoodleSite:
    root: Path
    keep: bool = False
    pg_port: int = 0
    web_port: int = 0
    tokens: dict = field(default_factory=dict)
    timings: dict = field(default_factory=dict)
    resets: list = field(default_factory=list)
    _web: subprocess.Popen | None = None

    # ------------------------------------------------------------------------------------------ layout

    @property
    def www(self) -> Path:
        return self.root / "www"

    @property
    def dataroot(self) -> Path:
        return self.root / "moodledata"

    @property
    def pgdata(self) -> Path:
        return self.root / "pg" / "data"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}/"

    @property
    def token(self) -> str:
        return self.tokens[SERVICE]

    @property
    def partial_token(self) -> str:
        return self.tokens[PARTIAL]

    def env(self) -> dict:
        # Every php command, the built-in server included, reads our ini folder (README).
        return dict(os.environ, PHP_INI_SCAN_DIR=f":{self.root / 'php.d'}", PHP_CLI_SERVER_WORKERS="2")

    # --------------------------------------------------------------------------------------- lifecycle

    @classmethod
    def open(cls, kept: str | None) -> MoodleSite:
        reason = missing_requirements()
        if reason:
            raise SiteUnavailable(reason)
        if kept:
            root = Path(kept)
            root.mkdir(parents=True, exist_ok=True)
            site = cls(root, keep=True)
            if (root / STATE).is_file():
                site._restart()
                return site
        else:
            site = cls(Path(tempfile.mkdtemp(prefix="elea-moodle-")))
        try:
            site._install()
        except BaseException:
            site.close()
            raise
        return site

    def _timed(self, step: str, started: float) -> None:
        self.timings[step] = round(time.perf_counter() - started, 1)

    def _install(self) -> None:
        os.chmod(self.root, 0o755)  # the postgres user must reach its cluster below
        self.pg_port, self.web_port = free_port(), free_port()
        started = time.perf_counter()
        # tar(1) rather than tarfile: three times faster on these 29,000 files
        subprocess.run(["tar", "-xJf", str(TARBALL), "-C", str(self.root)], check=True)
        self.dataroot.mkdir()
        self._timed("extraction", started)
        started = time.perf_counter()
        self._init_cluster()
        self._start_postgres()
        self._psql(f"CREATE ROLE {DB_USER} LOGIN PASSWORD '{DB_PASS}'")
        self._psql(f"CREATE DATABASE {DB} OWNER {DB_USER} ENCODING 'UTF8' TEMPLATE template0")
        self._timed("postgresql", started)
        self._write_php_config()
        started = time.perf_counter()
        self.php("admin/cli/install_database.php", "--agree-license", f"--adminpass={ADMIN_PASS}",
                 "--adminemail=admin@example.invalid", "--fullname=Éléa de test",
                 "--shortname=elea")  # fmt: skip
        self._timed("installation", started)
        started = time.perf_counter()
        self.tokens = json.loads(self.php(str(HERE / "site_setup.php"), stdin=json.dumps(self._spec())))
        self._timed("services web", started)
        started = time.perf_counter()
        self._psql(f"CREATE DATABASE {SNAPSHOT} TEMPLATE {DB} OWNER {DB_USER}")
        shutil.copytree(self.dataroot, self.root / "moodledata.snapshot", symlinks=True)
        self._start_web()
        self._timed("démarrage", started)
        (self.root / STATE).write_text(json.dumps({"tokens": self.tokens}))

    def _restart(self) -> None:
        """A site kept by an earlier session: new ports, servers started, state reset."""
        self.tokens = json.loads((self.root / STATE).read_text())["tokens"]
        self.pg_port, self.web_port = free_port(), free_port()
        started = time.perf_counter()
        self._write_php_config()
        self._start_postgres()
        self._start_web()
        self.reset()
        self._timed("redémarrage", started)

    def close(self) -> None:
        if self._web is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self._web.pid, 15)  # the server and its workers: its own process group
            self._web.wait(timeout=30)
            self._web = None
        if (self.pgdata / "postmaster.pid").exists():
            self._as_postgres([pg_bin("pg_ctl"), "stop", "-D", str(self.pgdata), "-m", "immediate", "-s"])
        if not self.keep:
            shutil.rmtree(self.root, ignore_errors=True)

    def reset(self) -> float:
        """The database and dataroot as they were right after the set-up; returns the seconds it took."""
        started = time.perf_counter()
        self._psql(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
        self._psql(f"CREATE DATABASE {DB} TEMPLATE {SNAPSHOT} OWNER {DB_USER}")
        shutil.rmtree(self.dataroot)
        shutil.copytree(self.root / "moodledata.snapshot", self.dataroot, symlinks=True)
        seconds = time.perf_counter() - started
        self.resets.append(seconds)
        return seconds

    # -------------------------------------------------------------------------------------- PostgreSQL

    def _as_postgres(self, command: list, **kwargs) -> subprocess.CompletedProcess:
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, check=False, **kwargs)
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(map(str, command))} : {result.stdout}{result.stderr}")
        return result

    def _init_cluster(self) -> None:
        self.pgdata.parent.mkdir()
        if os.geteuid() == 0:
            import pwd

            owner = pwd.getpwnam("postgres")
            os.chown(self.pgdata.parent, owner.pw_uid, owner.pw_gid)
        self._as_postgres([pg_bin("initdb"), "-D", str(self.pgdata), "-A", "trust", "-U", "postgres",
                           "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"])  # fmt: skip
        # Set here rather than on a command line (README: listen_addresses must be quoted in the file).
        # Throwaway data: no fsync, no full pages; small shared memory for a shared 2-core machine.
        with open(self.pgdata / "postgresql.conf", "a", encoding="utf-8") as conf:
            conf.write(
                "listen_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{self.pgdata.parent}'\n"
                "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
                "shared_buffers = 64MB\nmax_connections = 40\n"
            )

    def _start_postgres(self) -> None:
        self._as_postgres([pg_bin("pg_ctl"), "start", "-D", str(self.pgdata), "-w", "-s",
                           "-o", f"-p {self.pg_port}", "-l", str(self.pgdata.parent / "log")])  # fmt: skip

    def _psql(self, sql: str, database: str = "postgres") -> str:
        return self._as_postgres(
            [pg_bin("psql"), "-h", "127.0.0.1", "-p", str(self.pg_port), "-U", "postgres", "-d", database,
             "-v", "ON_ERROR_STOP=1", "-qAtc", sql]  # fmt: skip
        ).stdout

    def sql(self, query: str) -> str:
        """A query on Moodle's database (tests: expire a token, read what the platform holds)."""
        return self._psql(query, DB)

    # --------------------------------------------------------------------------------------------- PHP

    def _write_php_config(self) -> None:
        ini = self.root / "php.d"
        ini.mkdir(exist_ok=True)
        (ini / "99-moodle-tests.ini").write_text(
            "max_input_vars = 5000\nmemory_limit = 512M\ndate.timezone = Europe/Paris\n"
        )
        (self.www / "config.php").write_text(
            "<?php\nunset($CFG);\nglobal $CFG;\n$CFG = new stdClass();\n"
            "$CFG->dbtype = 'pgsql';\n$CFG->dblibrary = 'native';\n$CFG->dbhost = '127.0.0.1';\n"
            f"$CFG->dbname = '{DB}';\n$CFG->dbuser = '{DB_USER}';\n$CFG->dbpass = '{DB_PASS}';\n"
            f"$CFG->prefix = 'mdl_';\n$CFG->dboptions = ['dbport' => {self.pg_port}];\n"
            f"$CFG->wwwroot = 'http://127.0.0.1:{self.web_port}';\n"
            f"$CFG->dataroot = '{self.dataroot}';\n$CFG->directorypermissions = 02777;\n"
            "$CFG->noemailever = true;\n"
            "require_once(__DIR__ . '/lib/setup.php');\n"
        )

    def php(self, script: str, *args: str, stdin: str | None = None) -> str:
        result = subprocess.run(
            ["php", script, *args], cwd=self.www, env=self.env(), input=stdin, capture_output=True,
            text=True, check=False, timeout=600,
        )  # fmt: skip
        if result.returncode != 0:
            raise RuntimeError(f"php {script} : {result.stdout[-3000:]}{result.stderr[-3000:]}")
        return result.stdout

    def _start_web(self) -> None:
        log = open(self.root / "php-server.log", "ab")  # noqa: SIM115 (the server keeps it)
        self._web = subprocess.Popen(
            ["php", "-S", f"127.0.0.1:{self.web_port}", "-t", str(self.www)], cwd=self.root,
            env=self.env(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.web_port), 1):
                return
            time.sleep(0.1)
        raise RuntimeError("le serveur PHP ne répond pas")

    def _spec(self) -> dict:
        return {
            "user": {"username": "eleadesktop", "password": "Elea#Desktop1", "firstname": "Éléa",
                     "lastname": "Desktop", "email": "eleadesktop@example.invalid"},  # fmt: skip
            "capabilities": list(readme_capabilities()),
            "services": [
                {"shortname": SERVICE, "functions": list(FUNCTIONS), "restricted": True, "owner": "user"},
                {"shortname": PARTIAL, "functions": [f for f in FUNCTIONS if f != WITHOUT],
                 "restricted": True, "owner": "user"},  # fmt: skip
                {"shortname": CHECKER, "functions": list(CHECK_FUNCTIONS), "restricted": False,
                 "owner": "admin"},  # fmt: skip
            ],
        }

    # -------------------------------------------------------------------------------------- looking at it

    def call(self, function: str, token: str | None = None, **params) -> object:
        """A raw REST call (default: the administrator's checker token), the answer decoded."""
        from elea_desktop.platform.client import flatten

        pairs = [("wstoken", token or self.tokens[CHECKER]), ("wsfunction", function),
                 ("moodlewsrestformat", "json"), *flatten(params)]  # fmt: skip
        request = urllib.request.Request(  # noqa: S310 (http://127.0.0.1)
            self.url + "webservice/rest/server.php", data=urllib.parse.urlencode(pairs).encode()
        )
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            body = response.read()
        return json.loads(body) if body.strip() else None

    def logins(self, passwords: dict[str, str]) -> dict[str, int]:
        """authenticate_user_login's reason for each ``username: password`` (0 = logged in)."""
        return json.loads(self.php(str(HERE / "check_logins.php"), stdin=json.dumps(passwords)))
