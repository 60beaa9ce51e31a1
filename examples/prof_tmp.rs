use lahn::{Channel, Coach, Draft};
fn main() {
    let text = std::fs::read_to_string("/tmp/prof/email.txt").unwrap();
    let d = Draft::new(text.trim())
        .customer_message("سلام، سفارشم دو روزه هنوز ارسال نشده!!! چرا اینقدر طول میکشه؟")
        .customer_name("محمد رضا")
        .channel(Channel::Email);
    let coach = Coach::builder().build().unwrap();
    let mut s = 0;
    coach.review(&d);
    for _ in 0..200 {
        s += coach.review(&d).score;
    }
    println!("{s}");
}
