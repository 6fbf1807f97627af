//! Form regexes are JavaScript regexes, so the portal runs them in the browser's own
//! `RegExp` (the wire rules take the engine as an argument; the server uses `regress`).

use leptos::wasm_bindgen::{JsCast, JsValue};

/// Tests `value` against the JavaScript regex `pattern` (no flags), as
/// `new RegExp(pattern).test(value)`. A pattern the browser refuses is an error with
/// the browser's message, never a thrown exception.
pub fn js_matcher(pattern: &str, value: &str) -> Result<bool, String> {
    let ctor = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("RegExp"))
        .map_err(|e| describe(&e))?
        .dyn_into::<js_sys::Function>()
        .map_err(|_| "this browser has no RegExp".to_string())?;
    let args = js_sys::Array::of1(&JsValue::from_str(pattern));
    let regex: js_sys::RegExp = js_sys::Reflect::construct(&ctor, &args)
        .map_err(|e| describe(&e))?
        .unchecked_into();
    Ok(regex.test(value))
}

fn describe(error: &JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "invalid regular expression".to_string())
}
