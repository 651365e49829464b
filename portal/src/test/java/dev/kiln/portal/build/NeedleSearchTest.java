package dev.kiln.portal.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class NeedleSearchTest {

  @Test
  void findsOverlappingAndNestedWords() {
    var found = new TreeSet<String>();
    new NeedleSearch(List.of("he", "she", "his", "hers"))
        .search("ushers", (w, at) -> found.add(w + "@" + at));
    assertThat(found).containsExactly("0@2", "1@1", "3@2");
  }

  @Test
  void tellsHowMuchOfTheEndCouldBeginAWord() {
    var search = new NeedleSearch(List.of("abcd", "cx"));
    NeedleSearch.Hit none = (w, at) -> {};
    assertThat(search.search("zzabc", none)).isEqualTo(3);
    assertThat(search.search("zzc", none)).isEqualTo(1);
    assertThat(search.search("zzcx", none)).isZero();
    assertThat(search.search("zzabcd", none)).isZero();
    assertThat(search.search("", none)).isZero();
  }

  @Test
  void aWordFoundByItsStartCountsOnceItsFirstCharactersAppear() {
    var found = new TreeSet<String>();
    new NeedleSearch(List.of("abcdef"), new int[] {3})
        .search("xabcyabz", (w, at) -> found.add(w + "@" + at));
    assertThat(found).containsExactly("0@1");
  }

  /** On random texts over a small alphabet, it finds exactly what indexOf finds for each word. */
  @Test
  void findsWhatIndexOfFinds() {
    Random random = new Random(7);
    for (int round = 0; round < 500; round++) {
      List<String> words = new ArrayList<>();
      for (int w = 0, n = 1 + random.nextInt(8); w < n; w++) {
        words.add(randomText(random, 1 + random.nextInt(5)));
      }
      String text = randomText(random, random.nextInt(60));
      var expected = new TreeSet<String>();
      for (int w = 0; w < words.size(); w++) {
        for (int i = text.indexOf(words.get(w)); i >= 0; i = text.indexOf(words.get(w), i + 1)) {
          expected.add(w + "@" + i);
        }
      }
      var found = new TreeSet<String>();
      new NeedleSearch(words).search(text, (w, at) -> found.add(w + "@" + at));
      assertThat(found).as("%s in %s", words, text).isEqualTo(expected);
    }
  }

  private static String randomText(Random random, int length) {
    var text = new StringBuilder();
    for (int i = 0; i < length; i++) {
      text.append("abcé".charAt(random.nextInt(4)));
    }
    return text.toString();
  }
}
