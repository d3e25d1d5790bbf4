/*
 * Chinese queries for Sphinx's search (Sphinx 7.4 searchtools.js). Our own code, no third party.
 *
 * The index (searchindex.js) holds the words jieba found at build time, but the
 * browser does not segment a query: "罚息怎么算" would be looked up as one word and
 * find nothing. This script defines the global `splitQuery` that searchtools.js
 * uses when it exists (searchtools only defines its own
 * `if (typeof splitQuery === "undefined")`), so it must load, not deferred,
 * before searchtools.js.
 *
 * A run of Han characters is cut by forward maximum matching against the index's
 * own terms (terms and title terms): at each position the longest indexed word is
 * taken; a stop-word (怎么, 算, 的, …) is dropped unless a longer indexed word starts
 * there; only where nothing matches does it fall back to a single character, which
 * is kept if the index has it and dropped otherwise (a word in no page would make
 * every page fail Sphinx's "all words" rule). Other text is split as Sphinx does.
 *
 * If no page holds every word, the pages holding the most of them are shown.
 *
 * For tests: window.lawbookSegment(query) returns the search words;
 * window.lawbookSegment.detail(query) also the dropped stop-words and unknown characters.
 */
(function () {
  "use strict";

  var HAN = /\p{Script=Han}/u;
  var SPLIT = /[^\p{Letter}\p{Number}_\p{Emoji_Presentation}]+/gu;
  var MAX_WORD = 16;
  var STOPWORDS = [
    "怎么", "怎么样", "怎样", "如何", "什么", "为什么", "哪些", "哪个", "多少", "是否",
    "算", "的", "地", "得", "了", "吗", "呢", "吧", "啊", "呀", "么",
    "是", "在", "和", "与", "及", "或", "跟", "被", "把", "对", "给", "让",
    "我", "我的", "你", "你的", "他", "她", "它", "我们", "他们", "自己",
    "会", "能", "能不能", "可以", "可不可以", "要", "该", "应该", "有", "没有", "还",
    "这", "那", "这个", "那个", "一个", "就", "都", "也", "又", "请问"
  ];
  var STOP = new Set(STOPWORDS);
  var STOP_MAX = Math.max.apply(null, STOPWORDS.map(function (w) { return w.length; }));

  var cached = { index: null, vocab: null, maxLen: 0 };

  function currentIndex() {
    // `Search` is searchtools.js's top-level const: reachable by name once it has loaded.
    return (typeof Search !== "undefined" && Search._index) ? Search._index : null;
  }

  function vocabulary(index) {
    if (cached.index === index) return cached;
    var vocab = new Set();
    var maxLen = 1;
    [index.terms || {}, index.titleterms || {}].forEach(function (table) {
      Object.keys(table).forEach(function (word) {
        if (!HAN.test(word)) return;
        vocab.add(word);
        var n = Array.from(word).length;
        if (n > maxLen) maxLen = n;
      });
    });
    cached = { index: index, vocab: vocab, maxLen: Math.min(maxLen, MAX_WORD) };
    return cached;
  }

  function segmentHan(chars, vocab, maxLen, out) {
    var i = 0;
    var n = chars.length;
    while (i < n) {
      var word = 0;
      for (var len = Math.min(maxLen, n - i); len >= 2; len--) {
        if (vocab.has(chars.slice(i, i + len).join(""))) { word = len; break; }
      }
      var stop = 0;
      for (var s = Math.min(STOP_MAX, n - i); s >= 1; s--) {
        if (STOP.has(chars.slice(i, i + s).join(""))) { stop = s; break; }
      }
      if (word > stop) {
        out.terms.push(chars.slice(i, i + word).join(""));
        i += word;
      } else if (stop) {
        out.stopwords.push(chars.slice(i, i + stop).join(""));
        i += stop;
      } else {
        var ch = chars[i];
        if (vocab.has(ch)) out.terms.push(ch);
        else out.unknown.push(ch);
        i += 1;
      }
    }
  }

  function detail(query) {
    var out = { terms: [], stopwords: [], unknown: [] };
    var index = currentIndex();
    var v = index ? vocabulary(index) : null;
    String(query).split(SPLIT).filter(function (t) { return t; }).forEach(function (token) {
      // Cut each token into runs of Han and of other characters.
      var chars = Array.from(token);
      var run = [];
      var runHan = null;
      var flush = function () {
        if (!run.length) return;
        if (runHan && v) segmentHan(run, v.vocab, v.maxLen, out);
        else out.terms.push(run.join(""));
        run = [];
      };
      chars.forEach(function (ch) {
        var han = HAN.test(ch);
        if (runHan !== null && han !== runHan) flush();
        runHan = han;
        run.push(ch);
      });
      flush();
    });
    return out;
  }

  function installFallback() {
    if (typeof Search === "undefined" || Search._lawbookFallback) return;
    var allWords = Search.performTermsSearch;
    Search.performTermsSearch = function (searchTerms, excludedTerms) {
      var results = allWords(searchTerms, excludedTerms);
      if (results.length || searchTerms.size < 2) return results;
      // No page has every word: keep the pages that have the most of them.
      var byDoc = new Map();
      searchTerms.forEach(function (word) {
        allWords(new Set([word]), excludedTerms).forEach(function (r) {
          var e = byDoc.get(r[0]);
          if (!e) byDoc.set(r[0], e = { result: r.slice(), count: 0, score: 0 });
          e.count += 1;
          e.score += r[4];
        });
      });
      var best = 0;
      byDoc.forEach(function (e) { if (e.count > best) best = e.count; });
      var out = [];
      byDoc.forEach(function (e) {
        if (e.count === best) { e.result[4] = e.score; out.push(e.result); }
      });
      return out;
    };
    Search._lawbookFallback = true;
  }

  window.lawbookSegment = function (query) { return detail(query).terms; };
  window.lawbookSegment.detail = detail;

  window.splitQuery = function (query) {
    installFallback();
    return detail(query).terms;
  };
})();
