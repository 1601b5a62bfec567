"""Serving many trustees: HAProxy in front of read-only replicas that follow what one writer publishes.

``haproxy.py`` fills in the balancer's configuration (``deploy/haproxy.cfg.template``); ``local.py``
starts the whole deployment on this machine (``python -m dash deploy-local N``, ``make deploy-local``)
and stops it cleanly. The publishing and following themselves are the store's (``dash.store.publish``).
"""
