// Comments written for these tests: what readers of a travel and history blog write, and what
// spam bots leave under it. Each test builds what it needs from these; none is changed.

import type { ScreenedComment } from "../../../src/domain/spam/index.js";

/** A comment with sensible defaults; pass only what the story is about. */
export function comment(fields: Partial<ScreenedComment> = {}): ScreenedComment {
  return { name: "Reader", email: null, url: null, body: "Thanks for writing this.", ip: "198.51.100.23", ...fields };
}

/** Comments the owner approved. */
export const hamComments: ScreenedComment[] = [
  comment({ name: "Margit", body: "Lovely photos of the harbour. Did you take the ferry back or the night train?" }),
  comment({ name: "Tom", body: "I walked that same street in 2008 and the bakery on the corner was still open. Thanks for the memories." }),
  comment({ name: "Ji-woo", body: "The part about the winter market made me laugh. My grandmother tells the same story about the fish sellers." }),
  comment({ name: "Anders", email: "anders@example.no", body: "Great post. The old photos remind me of my father's trip there with the ship crew." }),
  comment({ name: "Priya", body: "Could you share which museum had the exhibition about the railway? I would love to visit next summer." }),
  comment({ name: "Hannah", body: "Your last paragraph changed how I read the whole story. Thank you for adding it." }),
  comment({ name: "Kenji", body: "I agree with the other commenter that the newspaper quote leaves out the workers' side of the story." }),
  comment({ name: "Sofia", body: "Beautiful writing as always. The photo of the workers at the harbour is haunting." }),
  comment({ name: "Ola", email: "ola@example.no", body: "Takk for et fint innlegg! Bildene fra havna er flotte." }),
  comment({ name: "Minji", body: "사진이 정말 멋지네요. 다음 여행 이야기도 기대할게요!" }),
  comment({ name: "Daniel", url: "https://daniel.example.org/", body: "I wrote about the same railway on my blog last year, your history section is better researched." }),
  comment({ name: "Ruth", body: "My mom reads your blog too, and she asked me to say thank you for the recipe from the market." }),
  comment({ name: "Ingrid", body: "The winter photos are stunning. How cold was it on the ferry?" }),
  comment({ name: "Carlos", body: "Interesting history. I did not know the port was closed to visitors for so long." }),
  comment({ name: "Aiko", body: "Thank you for the careful post. The quote from the old newspaper was new to me." }),
  comment({ name: "Peter", body: "Happy to see you writing again. The harbour story reminded me of my own first trip abroad." }),
  comment({ name: "Lena", body: "I laughed at the part about missing the train. The same thing happened to us in the winter." }),
  comment({ name: "Mark", body: "Do you have more photos from the museum? The railway maps in the background look fascinating." }),
  comment({ name: "Eun-ji", body: "Great story about your grandmother's village. Thank you for sharing the old photos." }),
  comment({ name: "Nils", body: "Good point about the newspaper. History always looks different from the harbour than from the capital." }),
];

/** Comments the owner marked as spam. */
export const spamComments: ScreenedComment[] = [
  comment({ name: "Best Deals", url: "http://pills.example/", body: "Cheap pills online, no prescription needed. Order now at http://pills.example/shop" }),
  comment({ name: "SEO Expert", body: "Rank your website first on Google! Guaranteed backlinks, order today at https://rank-fast.example" }),
  comment({ name: "Lucky Winner", body: "Win big money today! Free spins and bonus, click http://slots.example/bonus now" }),
  comment({ name: "Loan Help", body: "Need money fast? Instant loans approved today, no credit check, apply at http://loans.example" }),
  comment({ name: "Crypto King", body: "Double your bitcoin in 24 hours! Send now and get guaranteed profit http://coins.example" }),
  comment({ name: "Replica Store", body: "Best replica watches and bags, cheap prices, free shipping worldwide http://replica.example" }),
  comment({ name: "Online Pharmacy", body: "Order pills online cheap, fast shipping, discount today only http://pills.example/deal" }),
  comment({ name: "Marketing Pro", body: "I can get your website more traffic and backlinks. Cheap price, order now: https://rank-fast.example/order" }),
  comment({ name: "Bonus", body: "Free bonus money for new players! Click here to win http://slots.example/free" }),
  comment({ name: "Cash Now", body: "Make money from home, earn 5000 dollars a week, click here http://cash.example/join" }),
  comment({ name: "Investor", body: "Guaranteed profit with our bitcoin investment, withdraw money anytime http://coins.example/invest" }),
  comment({ name: "Discount", body: "Discount designer bags, replica shoes, cheap prices, order today http://replica.example/sale" }),
  comment({ name: "Weight Loss", body: "Lose weight fast with our pills, order now with free shipping http://pills.example/slim" }),
  comment({ name: "Backlinks", body: "Buy backlinks for your website, rank first, guaranteed traffic https://rank-fast.example/links" }),
  comment({ name: "Casino Bonus", body: "Free spins today only, win money now at http://slots.example/spins" }),
  comment({ name: "Fast Loans", body: "Instant cash loans approved in minutes, click here to apply http://loans.example/apply" }),
  comment({ name: "Earn Online", body: "Earn money online today, work from home, click here now http://cash.example" }),
  comment({ name: "Pills", body: "Cheapest pills online, order without prescription, discount shipping http://pills.example" }),
  comment({ name: "Traffic", body: "Get more traffic to your website today, guaranteed results, order now https://rank-fast.example" }),
  comment({ name: "Profit", body: "Bitcoin profit guaranteed, double money fast, click here http://coins.example/now" }),
];
