//! An actix-web service that shares its login with a Flask app: same
//! `SECRET_KEY`, same cookie, same `Set-Cookie` and `Vary` as Flask 3.1.
//!
//! ```text
//! SECRET_KEY='the Flask app's key' ADDR=127.0.0.1:8000 \
//!     cargo run --example actix_session --features actix-example
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
//!
//! actix-web 4 has its own `http` 0.2 header types, so this example uses the
//! framework-free API (`open_raw_at`, `save_at`, `SetCookie::as_str`) where the
//! axum one uses the `http` feature.

use std::cell::RefCell;
use std::rc::Rc;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderMap, HeaderValue, COOKIE, SET_COOKIE, VARY};
use actix_web::middleware::{from_fn, Next};
use actix_web::{error, web, App, HttpMessage, HttpResponse, HttpServer};
use flask_cookie::{unix_now, SaveOutcome, Session, SessionCodec};

/// The request's session, shared by the middleware and the handler.
#[derive(Clone, Debug, Default)]
struct FlaskSession(Rc<RefCell<Session>>);

/// Flask's `save_session` output into the response: `Set-Cookie`, and
/// `Cookie` added to `Vary` (merged, case-insensitively deduplicated).
fn apply(outcome: &SaveOutcome, headers: &mut HeaderMap) -> Result<(), actix_web::Error> {
    if outcome.vary_cookie {
        let mut vary: Vec<String> = headers
            .get_all(VARY)
            .flat_map(|v| {
                String::from_utf8_lossy(v.as_bytes())
                    .split(',')
                    .map(|t| t.trim().to_owned())
                    .collect::<Vec<_>>()
            })
            .filter(|t| !t.is_empty())
            .collect();
        if !vary.iter().any(|t| t.eq_ignore_ascii_case("cookie")) {
            vary.push("Cookie".to_owned());
            headers.insert(
                VARY,
                HeaderValue::from_str(&vary.join(", ")).map_err(error::ErrorInternalServerError)?,
            );
        }
    }
    if let Some(cookie) = &outcome.set_cookie {
        let value =
            HeaderValue::from_str(cookie.as_str()).map_err(error::ErrorInternalServerError)?;
        headers.append(SET_COOKIE, value);
    }
    Ok(())
}

/// Flask's `open_session` and `save_session` around every request.
async fn flask_session(
    codec: web::Data<SessionCodec>,
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let flask_cookie::Opened { session, error, .. } = codec.open_raw_at(
        request.headers().get_all(COOKIE).map(|v| v.as_bytes()),
        unix_now(),
    );
    if let Some(error) = error {
        // As in Flask: a bad cookie is an empty session, not an error page.
        eprintln!("ignoring the session cookie: {error}");
    }
    let session = FlaskSession(Rc::new(RefCell::new(session)));
    request.extensions_mut().insert(session.clone());
    let mut response = next.call(request).await?;
    let outcome = codec
        .save_at(&session.0.borrow(), unix_now())
        .map_err(error::ErrorInternalServerError)?;
    apply(&outcome, response.headers_mut())?;
    Ok(response)
}

async fn login(
    user: web::Path<String>,
    session: web::ReqData<FlaskSession>,
) -> actix_web::Result<&'static str> {
    let mut session = session.0.borrow_mut();
    session
        .insert("user", user.as_str())
        .map_err(error::ErrorInternalServerError)?;
    session.set_permanent(true);
    Ok("ok")
}

async fn whoami(session: web::ReqData<FlaskSession>) -> HttpResponse {
    match session.0.borrow().get::<String>("user") {
        Ok(Some(user)) => HttpResponse::Ok().body(user),
        // No session, or `user` is not a string.
        Ok(None) | Err(_) => HttpResponse::Unauthorized().body("anonymous"),
    }
}

async fn logout(session: web::ReqData<FlaskSession>) -> &'static str {
    session.0.borrow_mut().clear();
    "ok"
}

#[actix_web::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let secret =
        std::env::var("SECRET_KEY").map_err(|_| "set SECRET_KEY to the Flask app's SECRET_KEY")?;
    let addr = std::env::var("ADDR").unwrap_or_else(|_| "127.0.0.1:8000".to_owned());
    let codec = web::Data::new(SessionCodec::flask(secret.as_str())?);

    let server = HttpServer::new(move || {
        App::new()
            .app_data(codec.clone())
            .wrap(from_fn(flask_session))
            .route("/login/{user}", web::get().to(login))
            .route("/whoami", web::get().to(whoami))
            .route("/logout", web::get().to(logout))
    })
    .workers(2)
    .bind(&addr)?;
    for addr in server.addrs() {
        println!("listening on http://{addr}");
    }
    server.run().await?;
    Ok(())
}
