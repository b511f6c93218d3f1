"""Correspondence with INE (SIVOPLE) and the office's control de gestión: the bitácora de seguimiento.

- ``registro``: entradas, turnos with their tarjeta informativa, salidas with their acuse, links, threads and the
  manual's two procedures (seed 004, §1.6) opened from the register.
- ``consultas``: the register with filters, the pending list with deadlines in días hábiles, the thread of an asunto.
- ``bitacora``: the bitácora of a period as Excel and as a Word report issued with folio, and its statistics.
- ``importacion``: an office's existing Excel bitácora into the register.
- ``opciones``: vocabularies, the ``[correspondencia]`` table of archivo.toml, días hábiles arithmetic.
"""
