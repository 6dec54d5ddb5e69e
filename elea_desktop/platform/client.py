"""A Moodle REST client (JSON) for the platform's web services, as a school's network needs it.

- ``POST {site}/webservice/rest/server.php`` with the parameters in PHP's bracket form. Errors come back
  with HTTP 200 and ``{"exception": …}``: the body is always checked, never the status alone.
- HTTPS through the operating system's certificate store (``truststore``: school filters re-sign TLS with a
  certificate installed on the PC, which Python's own bundle does not know) and the system proxy
  (``urllib``'s ``getproxies``: environment, Windows registry, macOS settings).
- A few retries with back-off, only when the request provably did not reach the platform (the connection
  could not be opened or the request could not be sent). A write whose answer is lost is never retried:
  the platform may have done it, and the next sync reads the platform's state again instead.
- The token is a secret: it is sent in the POST body (never in the URL, so never in a proxy's log), and
  never appears in a message, a log or ``repr``.
"""

from __future__ import annotations

import http.client
import json
import socket
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from elea_desktop.platform.errors import (
    CallRefused,
    PlatformError,
    PlatformUnreachable,
    TokenRefused,
    UncertainOutcome,
)

ENDPOINT = "webservice/rest/server.php"
# wstoken, wsfunction, moodlewsrestformat: counted against PHP's max_input_vars like any parameter.
BASE_FIELDS = 3
DEFAULT_TIMEOUT = 60.0
DEFAULT_RETRIES = 3
BACKOFF = (1.0, 3.0, 8.0)

TOKEN_ERRORS = {
    "invalidtoken",
    "invalidtimedtoken",
    "usernotfullysetup",
    "forcepasswordchangenotice",
    "sitemaintenance",
    "invalidiptoken",
}


def normalise_url(url: str) -> str:
    """``https://elea.example/`` for what the user typed; a French ``PlatformUnreachable`` if unusable."""
    text = (url or "").strip()
    if text and "://" not in text:
        text = "https://" + text
    parts = urllib.parse.urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PlatformUnreachable(
            f"« {url} » n'est pas une adresse de plateforme : indiquez l'adresse de la page d'accueil "
            "d'Éléa, par exemple https://0750680g.elea.ac-paris.fr/.",
            code="wrong_url",
        )
    path = parts.path
    for suffix in (ENDPOINT, "login/index.php", "index.php"):
        if path.endswith(suffix):
            path = path[: -len(suffix)]
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path.rstrip("/") + "/", "", ""))


def flatten(params: Mapping[str, Any], prefix: str = "") -> list[tuple[str, str]]:
    """PHP's bracket form: ``{"users": [{"a": 1}]}`` → ``[("users[0][a]", "1")]``."""
    pairs: list[tuple[str, str]] = []
    items = params.items() if isinstance(params, Mapping) else enumerate(params)
    for key, value in items:
        name = f"{prefix}[{key}]" if prefix else str(key)
        if isinstance(value, Mapping) or (isinstance(value, Sequence) and not isinstance(value, str)):
            pairs.extend(flatten(value, name))
        elif isinstance(value, bool):
            pairs.append((name, "1" if value else "0"))
        elif value is None:
            pairs.append((name, ""))
        else:
            pairs.append((name, str(value)))
    return pairs


def ssl_context() -> ssl.SSLContext:
    try:
        import truststore

        return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    except ImportError:  # pragma: no cover - truststore is a dependency; stdlib store as a last resort
        return ssl.create_default_context()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    # A POST redirected becomes a GET without its body: report the new address instead of following it.
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


@dataclass
class CallStats:
    """What the client did, for the report and the bench."""

    calls: int = 0
    fields: list[int] = field(default_factory=list)
    seconds_waiting: float = 0.0  # time spent waiting for the network and the platform
    by_function: dict[str, int] = field(default_factory=dict)


class MoodleClient:
    """One platform (site URL + token). ``call`` returns the decoded JSON or raises a ``PlatformError``."""

    def __init__(
        self,
        url: str,
        token: str,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        retries: int = DEFAULT_RETRIES,
        sleep: Callable[[float], None] = time.sleep,
        opener: urllib.request.OpenerDirector | None = None,
    ) -> None:
        self.url = normalise_url(url)
        self._token = token.strip()
        self.timeout = timeout
        self.retries = retries
        self._sleep = sleep
        self._opener = opener or urllib.request.build_opener(
            urllib.request.ProxyHandler(), urllib.request.HTTPSHandler(context=ssl_context()), _NoRedirect()
        )
        self.stats = CallStats()
        self._probing = False

    def __repr__(self) -> str:  # never the token
        return f"MoodleClient({self.url!r})"

    @property
    def host(self) -> str:
        return urllib.parse.urlsplit(self.url).hostname or self.url

    def call(self, function: str, params: Mapping[str, Any] | None = None, *, write: bool = False) -> Any:
        pairs = [("wstoken", self._token), ("wsfunction", function), ("moodlewsrestformat", "json")]
        pairs += flatten(params or {})
        body = urllib.parse.urlencode(pairs).encode("ascii")
        self.stats.calls += 1
        self.stats.fields.append(len(pairs))
        self.stats.by_function[function] = self.stats.by_function.get(function, 0) + 1
        started = time.perf_counter()
        try:
            raw = self._post(body, write=write)
        finally:
            self.stats.seconds_waiting += time.perf_counter() - started
        return self._decode(function, raw)

    # ------------------------------------------------------------------------------------------ transport

    def _post(self, body: bytes, *, write: bool) -> bytes:
        # Always http(s): normalise_url refuses any other scheme.
        request = urllib.request.Request(  # noqa: S310
            self.url + ENDPOINT,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/json",
                "User-Agent": "EleaDesktop",
            },
        )
        attempt = 0
        while True:
            try:
                with self._opener.open(request, timeout=self.timeout) as response:
                    return response.read()
            except urllib.error.HTTPError as error:
                raise self._http_error(error) from None
            except urllib.error.URLError as error:
                # Raised while connecting or sending: the platform did not get the request.
                reason = error.reason
                if isinstance(reason, ssl.SSLError | ssl.CertificateError):
                    raise self._tls_error(reason) from None
                if isinstance(reason, socket.gaierror) or attempt >= self.retries:
                    raise self._unreachable(reason) from None
            except (http.client.HTTPException, OSError) as error:
                # The request went out and the answer was lost: a read is retried, a write never is.
                if write:
                    raise UncertainOutcome(
                        f"La connexion avec la plateforme ({self.host}) a été coupée pendant un envoi : "
                        "la plateforme l'a peut-être traité. Relancez l'envoi quand la connexion est "
                        "revenue : il reprendra là où il s'est arrêté, sans créer de doublon.",
                        details=type(error).__name__,
                    ) from None
                if attempt >= self.retries:
                    raise self._unreachable(error) from None
            self._sleep(BACKOFF[min(attempt, len(BACKOFF) - 1)])
            attempt += 1

    def _unreachable(self, reason: object) -> PlatformUnreachable:
        if isinstance(reason, socket.gaierror):
            return PlatformUnreachable(
                f"Le nom « {self.host} » est introuvable : vérifiez l'adresse de la plateforme et que ce "
                "poste est connecté à Internet.",
                code="dns",
                details=str(reason),
            )
        if isinstance(reason, TimeoutError | socket.timeout):
            return PlatformUnreachable(
                f"La plateforme ({self.host}) ne répond pas (délai dépassé). Vérifiez la connexion à "
                "Internet, puis réessayez plus tard.",
                code="timeout",
                details=str(reason),
            )
        return PlatformUnreachable(
            f"Impossible de joindre la plateforme ({self.host}) : ce poste est peut-être hors ligne, ou un "
            "pare-feu bloque la connexion. Vérifiez la connexion à Internet, puis réessayez.",
            code="offline",
            details=str(reason),
        )

    def _tls_error(self, reason: object) -> PlatformUnreachable:
        return PlatformUnreachable(
            f"La connexion sécurisée avec {self.host} a échoué : son certificat n'est pas reconnu par ce "
            "poste. Si l'établissement filtre Internet, demandez au support informatique d'installer le "
            "certificat du filtre dans Windows ; sinon vérifiez l'adresse.",
            code="tls",
            details=str(reason),
        )

    def _http_error(self, error: urllib.error.HTTPError) -> PlatformError:
        if 300 <= error.code < 400:
            target = error.headers.get("Location", "")
            return PlatformUnreachable(
                f"L'adresse {self.url} renvoie vers {target} : indiquez directement l'adresse de la "
                "plateforme telle qu'elle s'affiche dans le navigateur.",
                code="wrong_url",
            )
        if error.code == 404:
            return PlatformUnreachable(
                f"Aucun service web Moodle n'a été trouvé à l'adresse {self.url} (erreur 404) : vérifiez "
                "l'adresse de la plateforme.",
                code="wrong_url",
            )
        if error.code == 403:
            # What webservice/rest/server.php answers (empty body) when web services or REST are off.
            return TokenRefused(
                f"La plateforme ({self.host}) refuse l'accès à ses services web (erreur 403) : les services "
                "web ou le protocole REST n'y sont pas activés. L'administrateur de la plateforme doit les "
                "activer (voir le README, section « Plateforme Éléa ») ; si l'établissement filtre Internet, "
                "vérifiez aussi que le filtre laisse passer cette adresse.",
                code="ws_disabled",
            )
        if error.code == 407:
            return PlatformUnreachable(
                "Le proxy de l'établissement demande une authentification : faites configurer le proxy de "
                "Windows par le support informatique.",
                code="proxy",
            )
        return PlatformUnreachable(
            f"La plateforme ({self.host}) a répondu par une erreur {error.code} : elle est peut-être en "
            "maintenance. Réessayez plus tard.",
            code="http",
            details=str(error.code),
        )

    # --------------------------------------------------------------------------------------------- answers

    def _decode(self, function: str, raw: bytes) -> Any:
        try:
            data = json.loads(raw.decode("utf-8")) if raw.strip() else None
        except (UnicodeDecodeError, ValueError):
            raise PlatformUnreachable(
                f"L'adresse {self.url} ne répond pas comme une plateforme Moodle (réponse qui n'est pas du "
                "JSON) : vérifiez l'adresse, et que le protocole REST est activé sur la plateforme.",
                code="wrong_url",
            ) from None
        if isinstance(data, dict) and "exception" in data:
            raise self._exception(function, data)
        return data

    def _exception(self, function: str, data: dict):
        # Moodle 4.5 names some exceptions with their namespace (core\\exception\\invalid_response_exception).
        exception = str(data.get("exception", "")).rsplit("\\", 1)[-1]
        errorcode = str(data.get("errorcode", ""))
        message = str(data.get("message", ""))
        if errorcode in TOKEN_ERRORS:
            if errorcode == "invalidtimedtoken" or "expired" in message.lower():
                return TokenRefused(
                    "Le jeton d'accès à la plateforme a expiré. Demandez un nouveau jeton à "
                    "l'administrateur de la plateforme, puis connectez-vous à nouveau.",
                    code="token_expired",
                )
            if errorcode == "sitemaintenance":
                return PlatformUnreachable(
                    "La plateforme est en maintenance : réessayez plus tard.", code="maintenance"
                )
            return TokenRefused(
                "La plateforme refuse le jeton d'accès (jeton inconnu, expiré, révoqué, ou limité à d'autres "
                "adresses IP). Vérifiez-le ou demandez-en un nouveau à l'administrateur de la plateforme.",
                code="token_invalid",
                details=errorcode,
            )
        if exception == "webservice_access_exception" or errorcode in (
            "accessexception",
            "servicenotavailable",
        ):
            return self._access_refused(function, message)
        if errorcode in ("webservicesnotenabled", "enablewsdescription", "protocolnotallowed"):
            return TokenRefused(
                "Les services web (protocole REST) ne sont pas activés sur la plateforme : l'administrateur "
                "doit les activer (voir le README, section « Plateforme Éléa »).",
                code="ws_disabled",
            )
        return CallRefused(
            f"La plateforme a refusé l'appel « {function} » : {_plain(message) or errorcode}.",
            exception=exception,
            errorcode=errorcode,
            platform_message=message,
            function=function,
        )


    def _access_refused(self, function: str, message: str) -> PlatformError:
        """Moodle 4.5.6 gives the same ``webservice_access_exception`` ("Access control exception") for a
        function outside the token's service and for an expired token, which it deletes as it refuses it
        (webservice/lib.php). Asking for the site info tells them apart: an unknown token now means it had
        expired; otherwise its list of functions says whether this one is allowed."""
        missing = TokenRefused(
            f"Le jeton ne permet pas d'utiliser la fonction « {function} » : l'administrateur de la "
            "plateforme doit l'ajouter au service web (voir le README, section « Plateforme Éléa »).",
            code="missing_function",
            details=message,
        )
        if self._probing:  # the site info itself is refused: that is the function missing
            return missing
        self._probing = True
        try:
            data = self.call("core_webservice_get_site_info")
        except TokenRefused as error:
            if error.code != "token_invalid":
                return error
            return TokenRefused(
                "Le jeton d'accès à la plateforme a expiré (ou vient d'être supprimé sur la plateforme). "
                "Demandez un nouveau jeton à l'administrateur de la plateforme, puis connectez-vous à "
                "nouveau.",
                code="token_expired",
            )
        except PlatformError:
            return missing
        finally:
            self._probing = False
        allowed = {str(f.get("name", "")) for f in (data or {}).get("functions", []) or []}
        if function not in allowed:
            return missing
        return TokenRefused(
            f"La plateforme refuse au compte du jeton la fonction « {function} », pourtant dans le service : "
            "vérifiez que ce compte est un « utilisateur autorisé » du service, qu'il n'est pas suspendu et "
            "que son adresse IP est permise (voir le README, section « Plateforme Éléa »).",
            code="access_denied",
            details=message,
        )


def _plain(text: str) -> str:
    """Moodle's messages may carry HTML (the password policy does)."""
    import re

    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text)).strip()
