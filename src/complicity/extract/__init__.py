"""Documents in, mentions and relations with span evidence out.

Stages (see ``pipeline.py``): ``ingest`` (file -> Document), ``sentences``, ``mentions``
(gazetteer + name patterns + aliases/coreference), ``values`` (amounts, percentages, dates),
``relations`` (rules over mention-tagged sentences). Every relation carries an Evidence whose
offsets index the document text exactly."""

from __future__ import annotations
