"""Who may call a service: OAuth2 bearer JWTs verified against a JWKS (tokens.py), and a
policy declared on every route (policy.py). docs/security.md has the role x route matrix."""
