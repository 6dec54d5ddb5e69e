"""The platform client: sending the directory to Éléa (Moodle) over its REST web services.

``client`` (HTTP, errors, retries), ``api`` (the nine functions, batches by POST fields), ``state`` and
``planner`` (what differs), ``journal`` (what each call did), ``sync`` (the stages), ``connection`` (URL and
token), ``status`` (what is not sent yet, offline). Qt-free, like the rest of the core.
"""
