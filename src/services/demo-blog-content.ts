// The demo blog a new Longhand installation starts with, so the first page a new owner
// sees is a real-looking blog rather than an empty one. Data only: the service that
// installs it decides how to store it.
//
// All text here was written for Longhand. The town, the people, the newspaper and the
// other blogs are made up; every link goes to example.org, example.com or example.net.
// The photo is drawn by scripts/make-demo-image.mjs.

/** One comment of the demo blog, oldest first. */
export interface DemoComment {
  authorName: string;
  authorUrl: string | null;
  /** True when the blog's author wrote it; themes mark such comments. */
  isBlogAuthor: boolean;
  /** Markdown, comment subset: paragraphs, emphasis, links. */
  body: string;
  /** ISO 8601, UTC. */
  createdAt: string;
}

/** A page on another (made-up) blog that links to a demo post, as a verified Webmention would be stored. */
export interface DemoMention {
  kind: "mention" | "like";
  /** The linking page. */
  source: string;
  title: string | null;
  authorName: string;
  authorUrl: string | null;
  /** ISO 8601, UTC. */
  publishedAt: string;
}

/** One post or page of the demo blog. */
export interface DemoPost {
  kind: "post" | "page";
  title: string;
  slug: string;
  labels: string[];
  /** Markdown, full post syntax. */
  source: string;
  /** ISO 8601, UTC. */
  publishedAt: string;
  /** ISO 8601, UTC; set when the post was edited after publishing. */
  updatedAt: string | null;
  comments: DemoComment[];
  /** Other blogs' pages that link to it, oldest first. */
  mentions?: DemoMention[];
}

/** The whole demo blog: settings, posts and the media files they use. */
export interface DemoBlog {
  title: string;
  description: string;
  /** IANA time zone; date headers and archives use it. */
  timeZone: string;
  locale: string;
  /** Shown above the comment form. */
  commentPolicy: string;
  authorName: string;
  /** Posts and pages, oldest first. */
  posts: DemoPost[];
  /** Files under assets/demo/ that posts refer to as /media/<name>. */
  mediaFiles: string[];
}

const AUTHOR = "Marit Lunde";

/** The demo blog: "Notes from Skarvik", a year's turn in a small northern harbour town. */
export const DEMO_BLOG: DemoBlog = {
  title: "Notes from Skarvik",
  description: "Ferries, weather, market days and small news from a harbour town on the northern coast.",
  timeZone: "Europe/Oslo",
  locale: "en-US",
  commentPolicy:
    "Pull up a chair and tell me what you think. Write the way you would talk to a neighbour on the quay: half the town reads these comments over breakfast.",
  authorName: AUTHOR,
  mediaFiles: ["harbour-at-dusk.png"],
  posts: [
    {
      kind: "page",
      title: "About",
      slug: "about",
      labels: [],
      publishedAt: "2024-10-01T08:00:00Z",
      updatedAt: null,
      comments: [],
      source: `I'm Marit. I moved to Skarvik eleven years ago for a job at the fish plant that lasted two winters, and I stayed for the light, the ferry and the people who wave at it.

Skarvik has about two thousand people, one bakery, one weekly newspaper, a timber pier older than anyone in town and a ferry that crosses to Lauvøy four times a day when the weather allows. This blog is where I write down what happens here: the timetable changes, the first snow, the market, the council meetings that run late.

A few things you should know:

- I am not a journalist. When I quote the *Harbour Gazette*, I link to it, and you should read the whole article.
- I correct mistakes in the post itself and say so at the bottom.
- Comments are welcome. I read every one, and I answer when I have something useful to say.

If you want to write to me directly, the address is on the [contact card at the library](https://example.org/skarvik-library/notice-board), next to the knitting circle's poster.`,
    },
    {
      kind: "post",
      title: "The last sightseeing boat of the season",
      slug: "the-last-sightseeing-boat-of-the-season",
      labels: ["ferries", "harbour"],
      publishedAt: "2024-10-12T09:45:00Z",
      updatedAt: null,
      source: `The *Havørn* left the quay at ten this morning with eight passengers, a thermos of coffee the size of a fire extinguisher and a skipper who has done the same loop round the skerries every summer since 1998. When she comes back this afternoon, she goes into the boat shed until May.

I always go down to watch. It is the real end of summer here, more than any date on the calendar: after today the harbour belongs to the fishing boats, the ferry and the eider ducks again.

If you missed it this year, the [summer schedule for next year](https://example.net/havorn/schedule) is already up, which I find either very organised or slightly sad.`,
      comments: [
        {
          authorName: "Sigrun",
          authorUrl: null,
          isBlogAuthor: false,
          body: "We were on it! Saw two sea eagles and the skipper told the story about the lost anchor *again*. Perfect day.",
          createdAt: "2024-10-12T16:20:00Z",
        },
      ],
    },
    {
      kind: "post",
      title: "Autumn market: what came home in the basket",
      slug: "autumn-market-what-came-home-in-the-basket",
      labels: ["market", "town"],
      publishedAt: "2024-10-30T15:10:00Z",
      updatedAt: null,
      source: `The autumn market filled the square today, in spite of a wind that took the lid off the waffle stand twice. My basket, for the record:

1. A jar of cloudberry jam from the farm at the head of the fjord, *the* reason to come early.
2. Smoked mackerel, still warm, wrapped in yesterday's newspaper.
3. A pair of grey wool mittens, because I lost one of last year's pair on the ferry.
4. Three kilos of potatoes, which was ambitious for a walk uphill.

What I did not buy: the hand-carved ladle that cost more than the ferry pass. I am still thinking about it.

The next market is the Christmas one, on the second Saturday in December, weather permitting. The [market association](https://example.org/skarvik-market) posts any change on its page.`,
      comments: [],
    },
    {
      kind: "post",
      title: "The winter ferry timetable, in one table",
      slug: "the-winter-ferry-timetable-in-one-table",
      labels: ["ferries"],
      publishedAt: "2024-11-18T11:30:00Z",
      updatedAt: null,
      source: `The winter timetable starts next Monday. The ferry company prints it as a folded leaflet with four colours and two footnotes per line, so here is the part most of us need:

| Leaves Skarvik | Arrives Lauvøy | Runs |
| --- | --- | --- |
| 07:10 | 07:55 | Monday to Friday |
| 11:30 | 12:15 | every day |
| 15:45 | 16:30 | every day |
| 20:00 | 20:45 | Friday and Sunday |

The return crossing leaves Lauvøy fifteen minutes after each arrival. The big change is the evening boat: it now runs only twice a week, which will make the Wednesday choir rehearsal on the island *interesting*.

The full leaflet, footnotes and all, is on the [ferry company's site](https://example.net/coastal-ferries/winter-2024).`,
      comments: [
        {
          authorName: "Einar P.",
          authorUrl: null,
          isBlogAuthor: false,
          body: "Thank you, this is much easier to read than the leaflet. Is the 07:10 still the one that waits for the school bus?",
          createdAt: "2024-11-18T13:05:00Z",
        },
        {
          authorName: AUTHOR,
          authorUrl: null,
          isBlogAuthor: true,
          body: "It is, as far as I know. The crew says they give the bus *five minutes*, not a second more.",
          createdAt: "2024-11-18T14:40:00Z",
        },
      ],
    },
    {
      kind: "post",
      title: "Snow, finally",
      slug: "snow-finally",
      labels: ["weather"],
      publishedAt: "2024-12-14T09:15:00Z",
      updatedAt: null,
      source: `It started a little after midnight and it has not stopped. The boats in the inner basin are wearing white caps, the fence posts have disappeared, and the harbour is so quiet you can hear the ferry's engine from the other side of the sound.

Everyone said it was late this year. The weather station on the headland agrees: the first lasting snow usually comes in the middle of November. I am not complaining. A town like this looks *right* under snow.`,
      comments: [],
    },
    {
      kind: "post",
      title: "The plough came at four",
      slug: "the-plough-came-at-four",
      labels: ["weather", "town"],
      publishedAt: "2024-12-14T17:40:00Z",
      updatedAt: null,
      source: `A short follow-up to this morning. By lunch there was half a metre on the road to the quay, and the plough did not come until four, by which time half the street had dug out their own cars and the other half had given up and walked.

Things I learned today:

- The bakery stays open in any weather, but it runs out of cinnamon buns by eleven.
- The ferry ran every crossing on time. Of course it did.
- Our neighbour's dog *loves* snow up to the point where it reaches his chest.

More snow tomorrow, says the [forecast](https://example.org/weather/skarvik). The shovel stays by the door.`,
      comments: [
        {
          authorName: "Lars from the bakery",
          authorUrl: null,
          isBlogAuthor: false,
          body: "In our defence, we baked twice the usual. Tomorrow: three times.",
          createdAt: "2024-12-14T19:02:00Z",
        },
      ],
    },
    {
      kind: "post",
      title: "The old pier gets a second life",
      slug: "the-old-pier-gets-a-second-life",
      labels: ["harbour", "town", "news"],
      publishedAt: "2025-01-09T13:20:00Z",
      updatedAt: "2025-01-10T09:05:00Z",
      source: `Anyone who has walked out to the end of the old steamer pier knows the boards that bounce. There are eleven of them. I counted once, on a slow Sunday, and for years the town has argued about whether the pier should be mended or pulled out and replaced with concrete.

Last night the council decided. From the *Harbour Gazette*:

> The municipal council voted seven to four on Wednesday evening to repair the timber pier at Strandkaia rather than replace it. Work on the worst sections will start in March, once the ice has left the inner basin, and the pier will stay open to walkers throughout.
>
> "It costs less than people think, and it is ours," harbour master Aslak Berg said after the vote. "Concrete does not creak when you walk on it. Some of us would miss that."
>
> — [The Harbour Gazette, 8 January 2025](https://example.org/gazette/2025/01/council-votes-to-repair-timber-pier)

I am glad, and not only for sentimental reasons. The pier is where the ferry crews drink their coffee, where children learn to fish for pollock with a bent hook, and where half the town stands on the first clear evening of spring. A concrete quay would be sensible. It would also be somewhere else.

Here it is on Tuesday, a little after three in the afternoon, which at this time of year already counts as dusk:

![The timber pier reaching out into the harbour at dusk, with three lit lamps, houses with bright windows on the left, a red fishing boat moored off the end and a striped lighthouse on the headland](/media/harbour-at-dusk.png "The steamer pier at Strandkaia on Tuesday afternoon, with Per's boat tied up at the end.")

What I still don't know is who pays for the new piles. The *Gazette* says the county will cover "a share", which in my experience means a third, and the rest comes out of the harbour fees. If the ferry fare goes up by five kroner in the spring, now you know why.

**Update:** Over at [Tide Tables & Tea](https://example.com/tidetables/2025/01/the-pier-drawings), Johanne has found the original 1931 drawings of the pier in the county archive and scanned every sheet. The piles were larch from the valley, and the plans show a small waiting shed at the far end that nobody I have asked can remember. Go and look; the handwriting alone is worth it.`,
      comments: [
        {
          authorName: "Tove K.",
          authorUrl: null,
          isBlogAuthor: false,
          body: "Seven to four! I would have bet my boots on concrete. Happy to be wrong for once.",
          createdAt: "2025-01-09T14:02:00Z",
        },
        {
          authorName: "Bjørn Aune",
          authorUrl: "https://example.net/bjorn-aune",
          isBlogAuthor: false,
          body: "The bouncing boards are the best part. My grandfather claimed you could read the tide from how much they gave under your feet. I have never managed it, but I keep trying.\n\nDoes anyone know whether the lamps stay?",
          createdAt: "2025-01-09T15:40:00Z",
        },
        {
          authorName: AUTHOR,
          authorUrl: null,
          isBlogAuthor: true,
          body: "@2 The lamps stay. I asked at the harbour office this morning. They are getting new bulbs, *warm* ones, because enough of us complained about the blue ones on the ferry quay.",
          createdAt: "2025-01-09T17:15:00Z",
        },
        {
          authorName: "a quiet reader",
          authorUrl: null,
          isBlogAuthor: false,
          body: "Someone should count the bouncing boards again after the repair. For science.",
          createdAt: "2025-01-10T08:30:00Z",
        },
        {
          authorName: "Johanne",
          authorUrl: "https://example.com/tidetables/",
          isBlogAuthor: false,
          body: "Thanks for the link! If anyone has an old photo of that waiting shed, I would love to see it. The archive has the drawings but [no pictures at all](https://example.com/tidetables/2025/01/the-pier-drawings).",
          createdAt: "2025-01-10T11:12:00Z",
        },
      ],
      mentions: [
        {
          kind: "mention",
          source: "https://example.com/tidetables/2025/01/the-pier-drawings",
          title: "The pier drawings, 1931",
          authorName: "Johanne",
          authorUrl: "https://example.com/tidetables/",
          publishedAt: "2025-01-10T07:45:00Z",
        },
        {
          kind: "like",
          source: "https://example.net/sigrid-holm/likes/2025-01-09-pier",
          title: null,
          authorName: "Sigrid Holm",
          authorUrl: "https://example.net/sigrid-holm",
          publishedAt: "2025-01-09T15:10:00Z",
        },
      ],
    },
    {
      kind: "post",
      title: "Northern lights over the fish plant",
      slug: "northern-lights-over-the-fish-plant",
      labels: ["weather", "harbour"],
      publishedAt: "2025-01-21T21:50:00Z",
      updatedAt: null,
      source: `Clear sky tonight for the first time in a week, and the aurora came out just as the night shift at the fish plant went in. Green arches from the headland to the mountain, with a red edge at the top that I have only seen a handful of times.

Nobody on the quay said much. Somebody's radio was playing in a car with the door open, the gulls had gone quiet, and for ten minutes the whole harbour was **lit from above**.

No photo, I'm afraid. My phone saw a black square with a smudge in it, and I decided to watch instead.`,
      comments: [],
    },
  ],
};
