package dev.lifeboat;

/** The {@code lifeboat} binary. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(dev.lifeboat.cli.Main.execute(args, System.out, System.err));
  }
}
