// Fetch several pages concurrently (the tutorials' aiohttp example, on the C++ API). URLs come
// from the arguments, or the simulated network's sites. With a second argument "cancel", main
// cancels the fetches after 0.1 s (the requests are aborted).
#include <string>
#include <vector>

#include "example.hpp"

LOOPSCOPE_EXAMPLE(fetch_pages, "Fetch pages concurrently; the loop runs other tasks while they wait") {
  using namespace loopscope;
  std::vector<std::string> urls = examples::arguments();
  bool cancel = !urls.empty() && urls.back() == "cancel";
  if (cancel) urls.pop_back();
  if (urls.empty()) urls = {"https://example.com", "https://python.org", "https://asyncio.org"};
  run(
      [&] {
        std::vector<Task<std::string>> tasks;
        for (auto& url : urls) {
          tasks.push_back(create_task([url] {
            print("Starting fetch:", url);
            HttpResponse r = fetch(url);
            print("Completed fetch:", url, r.status, r.body.size(), "bytes");
            return r.body;
          }));
        }
        if (cancel) {
          sleep(0.1);
          for (auto& t : tasks) t.cancel();
          auto outcomes = await(gather_outcomes(tasks));
          int cancelled = 0;
          for (auto& o : outcomes) cancelled += o.ok() ? 0 : 1;
          print("Cancelled", cancelled, "fetches");
          return;
        }
        auto pages = await(gather(tasks));
        print("Fetched", pages.size(), "pages");
      },
      options);
}
