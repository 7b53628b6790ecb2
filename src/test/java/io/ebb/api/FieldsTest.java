package io.ebb.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The id rule every user and item id passes: 1 to 128 characters from {@code [A-Za-z0-9._:@-]}. */
class FieldsTest {

  @Test
  void acceptsTheAllowedCharactersUpTo128() {
    assertThat(Fields.isId("u")).isTrue();
    assertThat(Fields.isId("Az09._:@-")).isTrue();
    assertThat(Fields.isId("x".repeat(128))).isTrue();
  }

  @Test
  void rejectsEmptyTooLongAndEveryOtherCharacter() {
    assertThat(Fields.isId("")).isFalse();
    assertThat(Fields.isId("x".repeat(129))).isFalse();
    for (String bad : new String[] {"a b", "a/b", "é", "a\u0000", "a+b", "a#b", "[a]", "a,b", "a\n"}) {
      assertThat(Fields.isId(bad)).as("%s", bad).isFalse();
    }
  }
}
