"""The built-in offline chat model: deterministic tool routing and templated answers."""
