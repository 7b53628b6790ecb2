package io.ebb.replay.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ebb.interest.EventType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MovieLens "latest" format, on a small folder written here, and on the real ml-latest-small. */
class MovieLensReaderTest {

  @TempDir
  Path dir;

  @Test
  void moviesBecomeItemsWithGenresAndTheirMostFrequentUserTags() throws IOException {
    Files.writeString(dir.resolve("movies.csv"), """
        movieId,title,genres
        11,"American President, The (1995)",Comedy|Drama|Romance
        12,"Dracula: Dead and Loving It (1995)",(no genres listed)
        """);
    Files.writeString(dir.resolve("tags.csv"), """
        userId,movieId,tag,timestamp
        1,11,politics,1445714994
        2,11,Politics,1445714995
        3,11,romance,1445714996
        3,11,Aaron Sorkin,1445714997
        4,11,aaron sorkin,1445714998
        5,11,aaron sorkin,1445714999
        5,99,ghost movie,1445714999
        """);
    Files.writeString(dir.resolve("ratings.csv"), """
        userId,movieId,rating,timestamp
        1,11,4.0,964982703
        1,12,not-a-rating,964982704
        1,404,3.0,964982705
        2,12,2.5,964982706
        """);

    Dataset d = MovieLensReader.read(dir);

    assertThat(d.items()).containsExactly(
        new DatasetItem("11", "American President, The (1995)", "",
            List.of("Comedy", "Drama", "Romance", "Aaron Sorkin", "politics")),
        new DatasetItem("12", "Dracula: Dead and Loving It (1995)", "", List.of()));
    assertThat(d.interactions()).containsExactly(
        new Interaction("1", "11", 964_982_703_000L, EventType.RATE, 4.0),
        new Interaction("2", "12", 964_982_706_000L, EventType.RATE, 2.5));
    assertThat(d.report().rows()).isEqualTo(4);
    assertThat(d.report().droppedUnknownItem()).isEqualTo(1);
    assertThat(d.report().badRows()).containsExactly("ratings.csv line 3: rating 'not-a-rating' is not a number");
  }

  @Test
  void aFolderWithoutRatingsIsNotMovieLens() throws IOException {
    Files.writeString(dir.resolve("movies.csv"), "movieId,title,genres\n");

    assertThatThrownBy(() -> MovieLensReader.read(dir))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("ratings.csv is missing");
  }

  @Test
  void readsTheRealMlLatestSmall() throws IOException {
    Dataset d = MovieLensReader.read(RealData.mlLatestSmall());

    assertThat(d.items()).hasSize(9742);
    assertThat(d.interactions()).hasSize(100_836);
    assertThat(d.report().badRows()).isEmpty();
    assertThat(d.report().droppedUnknownItem()).isZero();
    assertThat(d.items()).filteredOn(i -> i.itemId().equals("11")).singleElement()
        .extracting(DatasetItem::title).isEqualTo("American President, The (1995)");
    assertThat(d.items()).allMatch(i -> i.tags().size() <= 10 + MovieLensReader.MAX_USER_TAGS); // genres + tags
  }
}
