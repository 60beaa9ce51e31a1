use lahn::{Channel, Coach, Draft};
fn main() {
    let text = std::fs::read_to_string("/tmp/prof/chat.txt").unwrap();
    let d = Draft::new(text.trim())
        .customer_message("سلام، سفارشم دو روزه هنوز ارسال نشده!!! چرا اینقدر طول میکشه؟")
        .customer_name("سپیده")
        .channel(Channel::Chat);
    let coach = Coach::builder().build().unwrap();
    let mut s = 0;
    for _ in 0..300 {
        s += coach.review(&d).score;
    }
    println!("{s}");
}
