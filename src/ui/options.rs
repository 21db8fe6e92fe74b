//! The options page: sequences (list, create, edit, duplicate, pause/resume, archive, start
//! from a template) with the step editor, warnings and schedule preview, prospects (CSV
//! import and bulk enroll), metrics, then settings, Roundcube and export/import
//! (`options_settings`). The list follows storage live; the editor is never re-rendered under
//! the user's typing, only on structural changes (steps added, kinds changed).
use crate::core::ids::SequenceId;
use crate::core::time::Zones;
use crate::core::view::{SequenceForm, ViewCtx};
use crate::ui::bridge::{self, StorageWatch, Store, UiError};
use crate::ui::dom::{self, button, closest, El};
use crate::ui::listen::{FrameDebounce, Listener};
use crate::ui::options_settings;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::spawn_local;
use web_sys::Element;

pub(crate) struct Options {
    pub store: RefCell<Store>,
    pub zones: RefCell<Zones>,
    pub zone_names: Rc<Vec<String>>,
    pub(crate) list: Element,
    pub(crate) editor: Element,
    pub settings: Element,
    /// The Metrics section's content, re-rendered with the list.
    pub(crate) metrics: Element,
    pub(crate) import: RefCell<crate::ui::options_import::ImportRun>,
    pub(crate) status: Element,
    pub(crate) alert: Element,
    /// The sequence being edited (None: a new one) and the form as last read.
    pub(crate) form: RefCell<Option<(Option<SequenceId>, SequenceForm)>>,
    /// Prospect columns of enrolled prospects, read when the editor opens (for the checks).
    pub(crate) known_fields: RefCell<Vec<String>>,
    /// Custom columns of the CSV being imported: template fields too.
    pub(crate) import_columns: RefCell<Vec<String>>,
    pub(crate) debounce: RefCell<Option<FrameDebounce>>,
    pub(crate) preview_debounce: RefCell<Option<FrameDebounce>>,
    _owned: RefCell<(Vec<Listener>, Option<StorageWatch>)>,
}

thread_local! {
    static PAGE: RefCell<Option<Rc<Options>>> = const { RefCell::new(None) };
}

pub fn start() -> Result<(), JsValue> {
    let app = dom::by_id("app")?;
    spawn_local(async move {
        if let Err(e) = run(app.clone()).await {
            if let Ok(p) = El::new("p") {
                let p = p
                    .attr("role", "alert")
                    .class("banner banner-error")
                    .text(&format!("The options page could not start: {e}"));
                dom::replace_children(&app, &[p.build()]);
            }
        }
    });
    Ok(())
}

fn section(id: &str, title: &str) -> Result<El, JsValue> {
    Ok(El::new("section")?
        .attr("id", id)
        .attr("aria-labelledby", &format!("h-{id}"))
        .child(El::new("h2")?.attr("id", &format!("h-{id}")).text(title)))
}

async fn run(app: Element) -> Result<(), UiError> {
    let status = El::new("p")?
        .attr("id", "status")
        .attr("role", "status")
        .attr("aria-live", "polite")
        .class("status")
        .build();
    let alert = El::new("p")?
        .attr("id", "alert")
        .attr("role", "alert")
        .class("status error")
        .build();
    let list = El::new("div")?.attr("id", "sequence-list").build();
    let seqs = section("sequences", "Sequences")?
        .child(
            button("New sequence")?
                .class("primary")
                .attr("data-action", "new-sequence")
                .attr("data-key", "new-sequence"),
        )
        .child(crate::ui::options_starters::render()?)
        .child(list.clone());
    let metrics = El::new("div")?.attr("id", "metrics-content").build();
    let metrics_section = section("metrics", "Metrics")?.child(metrics.clone());
    let editor = El::new("div")?
        .attr("id", "editor")
        .attr("hidden", "")
        .build();
    let settings = El::new("div")?.attr("id", "settings-area").build();
    dom::replace_children(
        &app,
        &[
            El::new("h1")?.text("mailseq options").build(),
            status.clone(),
            alert.clone(),
            seqs.build(),
            editor.clone(),
            crate::ui::options_import::section()?,
            metrics_section.build(),
            settings.clone(),
        ],
    );
    let names = match bridge::zone_names().await {
        Ok(n) => n,
        Err(e) => {
            alert.set_text_content(Some(&e.to_string()));
            Rc::new(vec!["UTC".to_owned()])
        }
    };
    let page = Rc::new(Options {
        store: RefCell::new(Store::load().await?),
        zones: RefCell::new(Zones::default()),
        zone_names: names,
        list,
        editor,
        settings,
        metrics,
        import: RefCell::new(Default::default()),
        status,
        alert,
        form: RefCell::new(None),
        known_fields: RefCell::new(Vec::new()),
        import_columns: RefCell::new(Vec::new()),
        debounce: RefCell::new(None),
        preview_debounce: RefCell::new(None),
        _owned: RefCell::new((Vec::new(), None)),
    });
    let weak = Rc::downgrade(&page);
    let on = |f: fn(&Rc<Options>)| {
        let w = weak.clone();
        move || {
            if let Some(p) = w.upgrade() {
                f(&p)
            }
        }
    };
    *page.debounce.borrow_mut() = Some(FrameDebounce::new(on(|p| p.render_list())));
    *page.preview_debounce.borrow_mut() = Some(FrameDebounce::new(on(|p| p.update_preview())));
    let handler = |f: fn(&Rc<Options>, web_sys::Event)| {
        let w = weak.clone();
        move |ev: web_sys::Event| {
            if let Some(p) = w.upgrade() {
                f(&p, ev)
            }
        }
    };
    let listeners = vec![
        Listener::new(&app, "click", handler(|p, ev| p.on_click(ev)))?,
        Listener::new(&app, "change", handler(|p, ev| p.on_change(ev)))?,
        Listener::new(&app, "input", handler(|p, ev| p.on_input(ev)))?,
        Listener::new(&app, "submit", handler(|p, ev| p.on_submit(ev)))?,
    ];
    let watch = bridge::watch_storage({
        let w = weak.clone();
        move |changes| {
            if let Some(p) = w.upgrade() {
                let settings_changed = changes
                    .iter()
                    .any(|(k, _)| k == "settings" || k.starts_with("acct:"));
                p.store.borrow_mut().apply(changes);
                if let Some(d) = p.debounce.borrow().as_ref() {
                    d.schedule();
                }
                if settings_changed {
                    options_settings::refresh(&p);
                }
            }
        }
    })?;
    *page._owned.borrow_mut() = (listeners, Some(watch));
    PAGE.with(|p| *p.borrow_mut() = Some(page.clone()));
    page.render_list();
    options_settings::render(&page);
    crate::ui::options_import::refresh(&page);
    Ok(())
}

impl Options {
    pub fn say(&self, text: &str) {
        self.alert.set_text_content(None);
        self.status.set_text_content(Some(text));
    }

    pub fn say_error(&self, text: &str) {
        self.status.set_text_content(None);
        self.alert.set_text_content(Some(text));
    }

    pub fn ctx(&self, tz: jiff::tz::TimeZone) -> ViewCtx {
        ViewCtx::new(self.store.borrow().now(), tz)
    }

    pub fn display_zone_name(&self) -> String {
        self.store
            .borrow()
            .state()
            .settings
            .time_zone
            .clone()
            .unwrap_or_else(bridge::browser_zone)
    }

    fn on_click(self: &Rc<Self>, ev: web_sys::Event) {
        let Some(btn) = closest(ev.target(), "button[data-action]") else {
            return;
        };
        let attr = |n: &str| btn.get_attribute(n).unwrap_or_default();
        let index: usize = attr("data-index").parse().unwrap_or(0);
        let action = attr("data-action");
        match action.as_str() {
            "new-sequence" => self.open_editor(None, SequenceForm::new(&bridge::browser_zone())),
            "sequence" => self.sequence_action(&btn, SequenceId(attr("data-id")), &attr("data-op")),
            "editor-cancel" => {
                *self.form.borrow_mut() = None;
                self.render_editor(None);
                self.say("Closed the editor without saving.");
            }
            "step-add" | "step-remove" | "step-up" | "step-down" | "holiday-add"
            | "holiday-remove" => self.edit_structure(&action, index),
            "variant-add" | "variant-remove" => {
                self.edit_versions(&action, &attr("data-email"), index)
            }
            "starter" => self.open_starter(&attr("data-id")),
            "import-cancel" => crate::ui::options_import_run::cancel(self),
            "import-enroll" => crate::ui::options_import_run::enroll(self),
            _ => options_settings::on_click(self, &btn, &action),
        }
    }
}
