// ANCHOR: exports
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

// ANCHOR_END: exports
// Tests: each export called from Rust the way Python calls it. `cargo test` runs them; a
// debug build also checks the preconditions of the `unsafe` functions of std, and
// `cargo miri test` (nightly) looks for undefined behaviour.
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scaled_measurement_keeps_its_sensor() {
        let m = measurement_scaled(
            Measurement {
                sensor: 7,
                value: 2.5,
            },
            4.0,
        );
        assert_eq!((m.sensor, m.value), (7, 10.0));
        let m = measurement_scaled(
            Measurement {
                sensor: u16::MAX,
                value: -1.0,
            },
            0.0,
        );
        assert_eq!((m.sensor, m.value), (u16::MAX, -0.0));
    }

    #[test]
    fn total_seconds_is_64_bits() {
        assert_eq!(total_seconds(0, 0), 0);
        assert_eq!(total_seconds(1, -1), 86_399);
        assert_eq!(total_seconds(30_000, 5), 2_592_000_005);
        assert_eq!(total_seconds(u32::MAX, 0), 371_085_174_288_000);
    }
}
