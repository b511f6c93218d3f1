"""The web portal: a server-rendered Starlette application over the same library the CLI uses.

``app`` (the route table, every route with its role, and the app factory), ``nucleo`` (sessions, roles, CSRF,
rendering, errors), ``formularios`` (forms re-shown with each problem beside its field), one module per area of
pages (``tablero``, ``personal``, ``expedientes``, ``procedimientos``, ``documentos``, ``busqueda``, ``importacion``,
``cuentas``, ``trabajos``), ``templates/`` (partials prefixed ``_``) and ``static/`` (one style sheet, one script).
No domain logic lives here: pages call the library and render what it returns.
"""
