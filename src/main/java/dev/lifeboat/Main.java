package dev.lifeboat;

/** The {@code lifeboat} binary. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    // picocli looks for Groovy's Closure class on start; the miss opens every jar of the class path (~30 ms).
    if (System.getProperty("picocli.disable.closures") == null) {
      System.setProperty("picocli.disable.closures", "true");
    }
    System.exit(dev.lifeboat.cli.Main.execute(args, System.out, System.err));
  }
}
