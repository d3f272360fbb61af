//! The WebAssembly module of the key-rotation rehearsal: one binding, `rehearse(plan)`, over
//! [`jwt_doctor::rehearse`]. A module of its own, loaded by the package's `rehearse()` on its
//! first call, so that the verifying module every Worker downloads carries none of it: the
//! rehearsal is a planning tool of the CLI, the page and Node tooling, not of a request's path.
#![cfg_attr(jwt_doctor_size, feature(optimize_attribute))]

#[cfg(target_arch = "wasm32")]
mod bindings {
    use jwt_doctor::rehearse::plan::{MAX_STEPS, MAX_VERIFIERS};
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    fn type_error(message: impl AsRef<str>) -> JsValue {
        js_sys::TypeError::new(message.as_ref()).into()
    }

    /// `rehearse(plan)`: a key rotation or a key-set outage rehearsed by the core's cache model
    /// (`jwt_doctor::rehearse`); the plan is an object or its JSON text. A plan the core refuses
    /// is a `TypeError` naming the field. Lists are counted before the plan crosses as JSON text,
    /// so a plan of a million steps is refused before it is written out.
    #[wasm_bindgen]
    #[cfg_attr(jwt_doctor_size, optimize(size))]
    pub fn rehearse(plan: JsValue) -> Result<JsValue, JsValue> {
        let text = if let Some(text) = plan.as_string() {
            text
        } else if plan.is_object() && !js_sys::Array::is_array(&plan) {
            for (name, max) in [
                ("steps", MAX_STEPS),
                ("keys", MAX_STEPS),
                ("verifiers", MAX_VERIFIERS),
            ] {
                let list =
                    js_sys::Reflect::get(&plan, &JsValue::from_str(name)).unwrap_or_default();
                if let Some(list) = list.dyn_ref::<js_sys::Array>() {
                    if list.length() as usize > max {
                        let n = list.length();
                        return Err(type_error(format!(
                            "rehearse(): {name}: {n} {name}, at most {max}"
                        )));
                    }
                }
            }
            js_sys::JSON::stringify(&plan)
                .ok()
                .and_then(|t| t.as_string())
                .ok_or_else(|| type_error("rehearse(): the plan cannot be read as JSON"))?
        } else {
            return Err(type_error(
                "rehearse(): the plan must be an object (or its JSON text)",
            ));
        };
        let result = jwt_doctor::rehearse::rehearse(&text)
            .map_err(|e| type_error(format!("rehearse(): {}", e.0)))?;
        // JSON text read by the engine's JSON.parse: faster than building the object across
        // the boundary member by member
        let text = serde_json::to_string(&result)
            .map_err(|e| JsValue::from(js_sys::Error::new(&e.to_string())))?;
        js_sys::JSON::parse(&text)
    }
}
