//! The boundary functions called from Rust, as Python calls them: run under the UB checks of a
//! debug build and under valgrind by `python/ub_check.py`.

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
