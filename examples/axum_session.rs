//! An axum service that shares its login with a Flask app: same
//! `SECRET_KEY`, same cookie, same `Set-Cookie` and `Vary` as Flask 3.1.
//!
//! ```text
//! SECRET_KEY='the Flask app's key' ADDR=127.0.0.1:8000 \
//!     cargo run --example axum_session --features axum-example
//! ```
//!
//! * `GET /login/<user>`: sets `session["user"]`, makes the session permanent.
//! * `GET /whoami`: 200 with the user name, or 401 `anonymous` (no session,
//!   or a tampered, expired or foreign cookie: never a 500).
//! * `GET /logout`: `session.clear()`, which deletes the cookie.
//!
//! A middleware does what Flask does around every request, routed or not:
//! `open_session` before the handler, `save_session` after it, so permanent
//! sessions are refreshed on every response (`SESSION_REFRESH_EACH_REQUEST`)
//! and `Vary: Cookie` is sent whenever the session was read, set or deleted.

use std::sync::{Arc, Mutex, PoisonError};

use axum::extract::{Extension, Path, Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use flask_cookie::{unix_now, Session, SessionCodec};

/// The request's session, shared by the middleware and the handler.
#[derive(Clone, Debug, Default)]
struct FlaskSession(Arc<Mutex<Session>>);

impl FlaskSession {
    fn with<R>(&self, f: impl FnOnce(&mut Session) -> R) -> R {
        f(&mut self.0.lock().unwrap_or_else(PoisonError::into_inner))
    }
}

/// Flask's `open_session` and `save_session` around every request.
async fn flask_session(
    State(codec): State<Arc<SessionCodec>>,
    mut request: Request,
    next: Next,
) -> Response {
    let flask_cookie::Opened { session, error, .. } =
        codec.open_headers_at(request.headers(), unix_now());
    if let Some(error) = error {
        // As in Flask: a bad cookie is an empty session, not an error page.
        eprintln!("ignoring the session cookie: {error}");
    }
    let session = FlaskSession(Arc::new(Mutex::new(session)));
    request.extensions_mut().insert(session.clone());
    let mut response = next.run(request).await;
    let saved = session
        .with(|session| codec.save_at(session, unix_now()))
        .and_then(|outcome| outcome.apply_to(response.headers_mut()));
    match saved {
        Ok(()) => response,
        Err(error) => {
            eprintln!("cannot save the session: {error}");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

async fn login(Path(user): Path<String>, Extension(session): Extension<FlaskSession>) -> Response {
    let stored = session.with(|session| {
        session.insert("user", &user)?;
        session.set_permanent(true);
        Ok::<_, flask_cookie::Error>(())
    });
    match stored {
        Ok(()) => "ok".into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

async fn whoami(Extension(session): Extension<FlaskSession>) -> Response {
    match session.with(|session| session.get::<String>("user")) {
        Ok(Some(user)) => user.into_response(),
        // No session, or `user` is not a string.
        Ok(None) | Err(_) => (StatusCode::UNAUTHORIZED, "anonymous").into_response(),
    }
}

async fn logout(Extension(session): Extension<FlaskSession>) -> &'static str {
    session.with(Session::clear);
    "ok"
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let secret =
        std::env::var("SECRET_KEY").map_err(|_| "set SECRET_KEY to the Flask app's SECRET_KEY")?;
    let addr = std::env::var("ADDR").unwrap_or_else(|_| "127.0.0.1:8000".to_owned());
    let codec = Arc::new(SessionCodec::flask(secret.as_str())?);

    let app = Router::new()
        .route("/login/{user}", get(login))
        .route("/whoami", get(whoami))
        .route("/logout", get(logout))
        .layer(middleware::from_fn_with_state(codec, flask_session));

    let listener = tokio::net::TcpListener::bind(&addr).await?;
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app).await?;
    Ok(())
}
