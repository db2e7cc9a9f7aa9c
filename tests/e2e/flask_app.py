"""The Flask side of the end-to-end test: the same three routes as
examples/axum_session.rs and examples/actix_session.rs, with Flask's own
session handling and default config.

    SECRET_KEY=... ADDR=127.0.0.1:0 python3 tests/e2e/flask_app.py

Prints "listening on http://HOST:PORT" once it accepts connections.
"""

import os

from flask import Flask, session
from werkzeug.serving import make_server

app = Flask(__name__)
app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]


@app.get("/login/<user>")
def login(user):
    session["user"] = user
    session.permanent = True
    return "ok"


@app.get("/whoami")
def whoami():
    user = session.get("user")
    if isinstance(user, str):
        return user
    return "anonymous", 401


@app.get("/logout")
def logout():
    session.clear()
    return "ok"


def main():
    host, _, port = os.environ.get("ADDR", "127.0.0.1:5000").rpartition(":")
    server = make_server(host, int(port), app, threaded=True)
    print(f"listening on http://{server.host}:{server.port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
