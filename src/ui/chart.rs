//! A small bar chart of replies per step, drawn as SVG with web-sys (no library). The numbers
//! are in the accessible name and in a `<title>` per bar, so nothing depends on seeing it.
use crate::core::view::Bar;
use crate::ui::dom::El;
use wasm_bindgen::JsValue;
use web_sys::Element;

const BAR: f64 = 34.0;
const GAP: f64 = 14.0;
const HEIGHT: f64 = 80.0;
/// Room for the count above a bar and the label below.
const TOP: f64 = 14.0;
const BOTTOM: f64 = 16.0;

pub fn replies_per_step(bars: &[Bar], caption: &str) -> Result<Element, JsValue> {
    let max = bars.iter().map(|b| b.replied).max().unwrap_or(0).max(1);
    let width = GAP + bars.len() as f64 * (BAR + GAP);
    let total = TOP + HEIGHT + BOTTOM;
    let described: Vec<String> = bars
        .iter()
        .map(|b| format!("{} {} of {} sent", b.label, b.replied, b.sent))
        .collect();
    let mut svg = El::svg("svg")?
        .class("chart")
        .attr("role", "img")
        .attr("width", &format!("{width}"))
        .attr("height", &format!("{total}"))
        .attr("viewBox", &format!("0 0 {width} {total}"))
        .attr(
            "aria-label",
            &format!("{caption}: {}", described.join("; ")),
        )
        .child(
            El::svg("line")?
                .class("axis")
                .attr("x1", "0")
                .attr("x2", &format!("{width}"))
                .attr("y1", &format!("{}", TOP + HEIGHT))
                .attr("y2", &format!("{}", TOP + HEIGHT)),
        );
    for (i, b) in bars.iter().enumerate() {
        let x = GAP + i as f64 * (BAR + GAP);
        let h = (f64::from(b.replied) / f64::from(max) * HEIGHT).max(if b.replied > 0 {
            2.0
        } else {
            0.0
        });
        let y = TOP + HEIGHT - h;
        let class = if b.weak { "bar weak" } else { "bar" };
        svg = svg.child(
            El::svg("g")?
                .attr("data-bar", &b.label)
                .child(El::svg("title")?.text(&format!(
                    "{}: {} replies of {} sent",
                    b.label, b.replied, b.sent
                )))
                .child(
                    El::svg("rect")?
                        .class(class)
                        .attr("x", &format!("{x}"))
                        .attr("y", &format!("{y}"))
                        .attr("width", &format!("{BAR}"))
                        .attr("height", &format!("{h}")),
                )
                .child(
                    El::svg("text")?
                        .class("count")
                        .attr("x", &format!("{}", x + BAR / 2.0))
                        .attr("y", &format!("{}", y - 3.0))
                        .attr("text-anchor", "middle")
                        .text(&b.replied.to_string()),
                )
                .child(
                    El::svg("text")?
                        .class("label")
                        .attr("x", &format!("{}", x + BAR / 2.0))
                        .attr("y", &format!("{}", TOP + HEIGHT + 12.0))
                        .attr("text-anchor", "middle")
                        .text(&b.label),
                ),
        );
    }
    Ok(svg.build())
}
