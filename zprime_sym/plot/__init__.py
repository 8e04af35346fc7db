"""Stage 6: exclusion plots: option parsing (``spec``, with the safe tie language ``expr``), the
regions on a plane (``regions``, pure numpy) and the matplotlib drawing (``draw``)."""
