"""Events: who does, wants or offers what to whom, in the PLOVER ontology."""
