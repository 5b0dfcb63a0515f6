//! A small library; cbindgen turns its exported items into `header.h`.

/// A reading from one sensor. `#[repr(C)]` gives it C's field order and padding.
#[repr(C)]
pub struct Measurement {
    pub sensor: u16,
    pub value: f64,
}

/// The measurement with its value multiplied by `factor`; the sensor is kept.
#[unsafe(no_mangle)]
pub extern "C" fn measurement_scaled(m: Measurement, factor: f64) -> Measurement {
    Measurement {
        sensor: m.sensor,
        value: m.value * factor,
    }
}

/// Seconds in `days` days plus `seconds` seconds. Version 1 took and returned `i32`;
/// it is 64 bits now, because 30 000 days do not fit in an `i32` of seconds. A sum beyond
/// the `i64` range saturates at its end (any `u32` of days times 86 400 fits).
#[unsafe(no_mangle)]
pub extern "C" fn total_seconds(days: u32, seconds: i64) -> i64 {
    (i64::from(days) * 86_400).saturating_add(seconds)
}

#[cfg(test)]
mod tests;
