"""The lab: synthetic training corpora, model training and offline evaluation.

It produces the models the runtime ships (`classifier/model/`, `warnings/model/`) and measures them;
the server never imports it.
"""
