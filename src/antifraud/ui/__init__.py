"""The operators' UI kit: one translation layer (messages, i18n), layout and widgets; imports no capability."""
